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

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Computes the dummy hash ahead of the first login (at cold start), so that even the first
 * unknown-user login of an instance costs one bcrypt operation, not two.
 */
export function dummyHash(cost: number): Promise<string> {
  let dummy = dummyHashes.get(cost);
  if (dummy === undefined) {
    dummy = hashPassword('an unguessable dummy password that no user has', cost);
    dummyHashes.set(cost, dummy);
  }
  return dummy;
}

/**
 * Spends the same bcrypt work as a real check, for logins of unknown users, so that their
 * response time does not reveal whether the username exists. Always false.
 */
export async function verifyAgainstDummy(password: string, cost: number): Promise<false> {
  await verifyPassword(password, await dummyHash(cost));
  return false;
}
