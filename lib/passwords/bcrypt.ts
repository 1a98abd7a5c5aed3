// Django's bcrypt hashers: bcrypt_sha256 (ours) and plain bcrypt. The only bcryptjs importer.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Hasher } from './hasher';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords sharing those bytes
 * would both log in. Like Django's BCryptSHA256PasswordHasher we feed bcrypt the hex SHA-256 of
 * the password (64 ASCII bytes, no NUL), and store `bcrypt_sha256$<bcrypt hash>` exactly as Django
 * does, so a hash written here is also valid in the Django backend being replaced.
 */
function preHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

function rounds(digest: string): number | undefined {
  const match = BCRYPT.exec(digest);
  return match ? Number(match[1]) : undefined;
}

/** Both formats store the whole bcrypt string after the algorithm name: `name$$2b$12$…`. */
function bcryptHasher(algorithm: string, input: (password: string) => string): Hasher {
  return {
    algorithm,
    check(encoded) {
      const cost = rounds(encoded.slice(algorithm.length + 1));
      if (cost === undefined) return { ok: false, reason: `malformed ${algorithm} hash` };
      if (cost > 16) return { ok: false, reason: `${algorithm} cost ${cost} is above 16` };
      return { ok: true, cost };
    },
    verify: (password, encoded) => bcrypt.compare(input(password), encoded.slice(algorithm.length + 1)),
  };
}

export const bcryptSha256 = bcryptHasher('bcrypt_sha256', preHash);
/** Django's BCryptPasswordHasher: bcrypt over the raw UTF-8 password (so only its first 72 bytes). */
export const bcryptPlain = bcryptHasher('bcrypt', (password) => password);

export async function hashBcryptSha256(password: string, cost: number): Promise<string> {
  return `${bcryptSha256.algorithm}$${await bcrypt.hash(preHash(password), cost)}`;
}

/**
 * A hash of no password at the given cost. bcrypt's work depends only on the cost, so a fresh
 * salt with an arbitrary digest costs exactly what a real check does, without hashing anything at
 * cold start. No input is known to match it: finding one means inverting bcrypt.
 */
export function unmatchableBcryptSha256(cost: number): string {
  return `${bcryptSha256.algorithm}$${bcrypt.genSaltSync(cost)}${'.'.repeat(31)}`;
}
