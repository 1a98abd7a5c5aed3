// Passwords: hashed as Django's bcrypt_sha256; verified in every format a Django user table holds
// (pbkdf2_sha256, pbkdf2_sha1, bcrypt_sha256, bcrypt, argon2), so imported users keep theirs.
import { argon2 } from './argon2';
import { bcryptPlain, bcryptSha256, hashBcryptSha256, unmatchableBcryptSha256 } from './bcrypt';
import type { Hasher } from './hasher';
import { pbkdf2Sha1, pbkdf2Sha256 } from './pbkdf2';

const HASHERS: ReadonlyMap<string, Hasher> = new Map(
  [bcryptSha256, bcryptPlain, pbkdf2Sha256, pbkdf2Sha1, argon2].map((h) => [h.algorithm, h]),
);

/** Django marks a password that can never match with a leading "!" (set_unusable_password). */
const UNUSABLE_PREFIX = '!';

export function hashPassword(password: string, cost: number): Promise<string> {
  return hashBcryptSha256(password, cost);
}

/** The hasher of a supported, well-formed hash within bounds, and its cost. */
function hasherOf(encoded: string): { hasher: Hasher; cost?: number } | undefined {
  const hasher = HASHERS.get(encoded.slice(0, encoded.indexOf('$')));
  const check = hasher?.check(encoded);
  return hasher && check?.ok ? { hasher, cost: check.cost } : undefined;
}

/** True only for a supported, well-formed hash of this password. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  return (await hasherOf(encoded)?.hasher.verify(password, encoded)) ?? false;
}

export interface PasswordCheck {
  matches: boolean;
  /** The hash is in another format, or at another cost than configured: store a new one now. */
  rehash: boolean;
}

/**
 * Login's check. A hash that can never match (unusable, unsupported, malformed) still costs one
 * bcrypt compare, so its answer takes as long as a wrong password's. Any hash that is not ours at
 * exactly the configured cost is replaced once proven, a stronger one too: every account then
 * costs one compare at the configured cost, so a wrong password's timing tells nothing about the
 * account (BCRYPT_COST is the policy; raise it to strengthen every hash).
 */
export async function checkPassword(password: string, encoded: string, cost: number): Promise<PasswordCheck> {
  const known = hasherOf(encoded);
  if (!known) return { matches: await verifyAgainstDummy(password, cost), rehash: false };
  const matches = await known.hasher.verify(password, encoded);
  return { matches, rehash: matches && !(known.hasher === bcryptSha256 && known.cost === cost) };
}

const dummyHashes = new Map<number, string>();

/**
 * Spends the same bcrypt work as a real check, for logins of unknown users, so that their
 * response time does not reveal whether the username exists. Always false.
 */
export async function verifyAgainstDummy(password: string, cost: number): Promise<false> {
  let dummy = dummyHashes.get(cost);
  if (dummy === undefined) {
    dummy = unmatchableBcryptSha256(cost);
    dummyHashes.set(cost, dummy);
  }
  await bcryptSha256.verify(password, dummy);
  return false;
}

export type HashDescription = { algorithm: string; usable: true } | { algorithm: string; usable: false; reason: string };

/** What the import reports about a stored Django hash: whether its user will be able to log in. */
export function describeHash(encoded: string): HashDescription {
  if (encoded.startsWith(UNUSABLE_PREFIX))
    return { algorithm: 'unusable', usable: false, reason: 'unusable password (set_unusable_password)' };
  const algorithm = encoded.includes('$') ? encoded.slice(0, encoded.indexOf('$')) : '(none)';
  const hasher = HASHERS.get(algorithm);
  if (!hasher) return { algorithm, usable: false, reason: `unsupported hash algorithm "${algorithm}"` };
  const check = hasher.check(encoded);
  return check.ok ? { algorithm, usable: true } : { algorithm, usable: false, reason: check.reason };
}
