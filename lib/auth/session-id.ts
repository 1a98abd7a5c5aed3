// Session ids (the `sid` claim): one per login, time-ordered like a ULID, so the creation time
// can be read from the id itself and compared with "logged out everywhere at" in one condition.
import { createHash, randomBytes } from 'node:crypto';

// The format is checked on every token by SESSION_ID_PATTERN in lib/tokens/kinds.ts.
const TIME_DIGITS = 9; // base 36: good until the year 5188

export function newSessionId(nowMs = Date.now()): string {
  return `${nowMs.toString(36).padStart(TIME_DIGITS, '0')}${randomBytes(8).toString('hex')}`;
}

/** When the session began, in epoch milliseconds. */
export function sessionCreatedMs(sid: string): number {
  return parseInt(sid.slice(0, TIME_DIGITS), 36);
}

/**
 * The session of a simplejwt refresh token (which has no sid): begun at its `iat`, so logout
 * everywhere and deactivation end it like any session begun before them, and named by its jti, so
 * every concurrent refresh of one old token agrees on it without a read.
 */
export function legacySessionId(jti: string, iatSeconds: number): string {
  const digest = createHash('sha256').update(`simplejwt ${jti}`).digest('hex');
  return `${(iatSeconds * 1000).toString(36).padStart(TIME_DIGITS, '0')}${digest.slice(0, 16)}`;
}
