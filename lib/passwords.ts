// Password hashing: bcrypt over a SHA-256 pre-hash, stored in Django's bcrypt_sha256 format.
// The only bcryptjs importer.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords sharing those bytes
 * would both log in. Like Django's BCryptSHA256PasswordHasher we feed bcrypt the hex SHA-256 of
 * the password (64 ASCII bytes, no NUL), and store `bcrypt_sha256$<bcrypt hash>` exactly as Django
 * does, so a hash written here is also valid in the Django backend being replaced.
 */
const ALGORITHM = 'bcrypt_sha256';

function preHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  return `${ALGORITHM}$${await bcrypt.hash(preHash(password), cost)}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const separator = encoded.indexOf('$');
  if (encoded.slice(0, separator) !== ALGORITHM) return false;
  return bcrypt.compare(preHash(password), encoded.slice(separator + 1));
}

const dummyHashes = new Map<number, string>();

/**
 * A hash of no password at the given cost, for unknown users. bcrypt's work depends only on the
 * cost, so a fresh salt with an arbitrary digest costs exactly what a real check does, without
 * hashing anything at cold start. No input can match it: the digest is not the output of any
 * input we know of (finding one means inverting bcrypt).
 */
function dummyHash(cost: number): string {
  let dummy = dummyHashes.get(cost);
  if (dummy === undefined) {
    dummy = `${ALGORITHM}$${bcrypt.genSaltSync(cost)}${'.'.repeat(31)}`;
    dummyHashes.set(cost, dummy);
  }
  return dummy;
}

/**
 * Spends the same bcrypt work as a real check, for logins of unknown users, so that their
 * response time does not reveal whether the username exists. Always false.
 */
export async function verifyAgainstDummy(password: string, cost: number): Promise<false> {
  await verifyPassword(password, dummyHash(cost));
  return false;
}
