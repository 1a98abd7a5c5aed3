// The device a request comes from, as a session records it: the source address and a bounded,
// printable User-Agent (personal data kept only as long as the session's item, docs/security.md).
import type { DeviceUse } from '../domain/session';

export interface DeviceRequest {
  /** From API Gateway's request context, never from X-Forwarded-For (which the client writes). */
  sourceIp: string;
  /** The User-Agent header, as sent (empty when absent). */
  userAgent?: string;
}

/** A User-Agent longer than this is cut: browsers send about 150 characters, an attacker could send 8 KB per session. */
export const USER_AGENT_MAX_LENGTH = 256;

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function deviceUse({ sourceIp, userAgent = '' }: DeviceRequest, usedMs: number): DeviceUse {
  return { ip: sourceIp, user_agent: [...userAgent.replace(CONTROL, '')].slice(0, USER_AGENT_MAX_LENGTH).join(''), used_ms: usedMs };
}
