// The secrets of an email verification: the link's key (the user's uid and 256 random bits) and an
// 8-digit code, made by the mailer when it sends them; the table holds only their hashes.
import { createHmac } from 'node:crypto';
import { decodeUid, encodeUid } from './reset-secrets';

export { hashResetToken as hashVerifyToken, newResetSecrets as newVerifySecrets, sameHash } from './reset-secrets';

/** The link's key: `<uid>.<token>`, so the pending verification is found by its user without a lookup table. */
export const verifyKey = (userId: number, token: string): string => `${encodeUid(userId)}.${token}`;

/** The user and the token of a key, or undefined for anything that is not one. */
export function parseVerifyKey(key: string): { userId: number; token: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{43})$/.exec(key);
  const userId = match ? decodeUid(match[1]!) : undefined;
  return userId === undefined ? undefined : { userId, token: match![2]! };
}

/**
 * Keyed by the stage's pseudonym secret (10^8 codes cannot be hidden by a plain hash) and bound to
 * the user and the address: a code proves this account's claim on this address and nothing else.
 */
export const hashVerifyCode = (secret: Buffer, userId: number, emailKey: string, code: string): string =>
  createHmac('sha256', secret).update(`verify_code\u0000${userId}\u0000${emailKey}\u0000${code}`).digest('base64url');
