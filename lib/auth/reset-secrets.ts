// The secrets of a password reset: a link token of 256 random bits and an 8-digit code, made by
// the mailer when it sends them, and the hashes that are all the table ever holds of them.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export interface ResetSecrets {
  token: string;
  code: string;
}

export function newResetSecrets(): ResetSecrets {
  return { token: randomBytes(32).toString('base64url'), code: String(randomInt(0, 100_000_000)).padStart(8, '0') };
}

/** A plain hash suffices for the token: 256 random bits cannot be found from their hash. */
export const hashResetToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * The code has only 10^8 values, so its hash is keyed (the stage's pseudonym secret) and bound to
 * the user: a leaked table row alone does not let anyone try all codes offline.
 */
export const hashResetCode = (secret: Buffer, userId: number, code: string): string =>
  createHmac('sha256', secret).update(`reset_code\u0000${userId}\u0000${code}`).digest('base64url');

/** Compares two hashes in constant time (their lengths are fixed and public). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Django's uid in reset links: the pk, base64url without padding. */
export const encodeUid = (userId: number): string => Buffer.from(String(userId)).toString('base64url');

/** The pk of a uid, or undefined for anything that is not one. */
export function decodeUid(uid: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(uid)) return undefined;
  const text = Buffer.from(uid, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,14}$/.test(text)) return undefined;
  return Number(text);
}
