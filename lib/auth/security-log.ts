// Use case: the bearer's own security log, newest first, a page at a time; and how every use case
// makes the event it writes (kept SECURITY_LOG_RETENTION_DAYS, with the request's device).
import type { AppContext } from '../context';
import type { BaseContext } from '../context/base';
import { isEventId, securityEvent, type EventDetails, type SecurityEvent, type SecurityEventKind } from '../domain/security-event';
import { BadRequest, TokenInvalid } from '../errors';
import { ACCESS } from '../tokens';
import { deviceUse, type DeviceRequest } from './device';

export const SECURITY_LOG_PAGE_SIZE = 50;

/** An event of `kind` now, from the request's device (if a user made it), with the stage's retention. */
export function newEvent(
  ctx: Pick<BaseContext, 'config'>,
  kind: SecurityEventKind,
  nowMs: number,
  request?: DeviceRequest,
  details: EventDetails = {},
): SecurityEvent {
  const device = request ? deviceUse(request, nowMs) : undefined;
  return securityEvent(kind, nowMs, ctx.config.securityLogRetentionDays, {
    ...(device ? { ip: device.ip, user_agent: device.user_agent } : {}),
    ...details,
  });
}

export interface SecurityEventView {
  event: SecurityEventKind;
  at: string;
  ip: string | null;
  user_agent: string | null;
  sid: string | null;
  by: 'user' | 'operator';
}

export interface SecurityLogPage {
  next: string | null;
  results: SecurityEventView[];
}

export function eventView(event: SecurityEvent): SecurityEventView {
  return {
    event: event.event,
    at: new Date(event.at_ms).toISOString(),
    ip: event.ip ?? null,
    user_agent: event.user_agent ?? null,
    sid: event.sid ?? null,
    by: event.by ?? 'user',
  };
}

export async function listSecurityLog(ctx: AppContext, accessToken: string, cursor: string | undefined): Promise<SecurityLogPage> {
  if (cursor !== undefined && !isEventId(cursor)) throw new BadRequest('Invalid cursor.');
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const userId = Number(claims.sub);
  const nowMs = Date.now();
  const [user, page] = await Promise.all([
    ctx.store.users.findUser(userId),
    ctx.store.securityLog.page(userId, SECURITY_LOG_PAGE_SIZE, nowMs, cursor),
  ]);
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  return { next: page.next ?? null, results: page.events.map(eventView) };
}
