// An account's security events: what happened to it, when, and from where. Never a password,
// token, code or hash: only the kind, the time, the device and the session it concerns.
import { randomBytes } from 'node:crypto';

/** Every kind of event, as stored and as GET /api/auth/me/security-log/ shows it. */
export const SECURITY_EVENT_KINDS = [
  'registered',
  'logged_in',
  'login_failed',
  'locked',
  'password_changed',
  'password_reset',
  'email_verified',
  'email_changed',
  'session_ended',
  'signed_out_everywhere',
  'refresh_token_reuse',
  'disabled',
  'enabled',
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Where the request came from; a request the user did not make (an operator's) has none. */
export interface EventSource {
  ip?: string;
  user_agent?: string;
}

export interface SecurityEvent extends EventSource {
  /** Time-ordered: 9 base-36 digits of `at_ms`, then random hex (two events of one millisecond both stay). */
  id: string;
  event: SecurityEventKind;
  /** Epoch ms. */
  at_ms: number;
  /** The session it concerns (login, a session ended, reuse detected). */
  sid?: string;
  /** `operator` when done with npm run admin. */
  by?: 'operator';
  /** Epoch seconds: the item's TTL. */
  expires_at: number;
}

export interface EventDetails extends EventSource {
  sid?: string;
  by?: 'operator';
}

/** A new event at `atMs`, kept `retentionDays`. */
export function securityEvent(event: SecurityEventKind, atMs: number, retentionDays: number, details: EventDetails = {}): SecurityEvent {
  const id = `${atMs.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
  const defined = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value !== ''));
  return { id, event, at_ms: atMs, ...defined, expires_at: Math.ceil(atMs / 1000) + retentionDays * 86_400 };
}

/** A cursor names an event id (time-ordered, as above); anything else is not one. */
export const isEventId = (value: string): boolean => /^[0-9a-z]{9}[0-9a-f]{12}$/.test(value);
