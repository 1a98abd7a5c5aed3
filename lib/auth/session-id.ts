// Session ids (the `sid` claim): one per login, time-ordered like a ULID, so the creation time
// can be read from the id itself and compared with "logged out everywhere at" in one condition.
import { randomBytes } from 'node:crypto';

// The format is checked on every token by SESSION_ID_PATTERN in lib/tokens/kinds.ts.
const TIME_DIGITS = 9; // base 36: good until the year 5188

export function newSessionId(nowMs = Date.now()): string {
  return `${nowMs.toString(36).padStart(TIME_DIGITS, '0')}${randomBytes(8).toString('hex')}`;
}

/** When the session began, in epoch milliseconds. */
export function sessionCreatedMs(sid: string): number {
  return parseInt(sid.slice(0, TIME_DIGITS), 36);
}
