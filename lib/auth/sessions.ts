// Use cases: the bearer's device sessions (every live session, with where and when it was last
// used), and ending one of them by sid. Another user's sid is not found, never forbidden.
import type { AppContext } from '../context';
import type { SessionRecord } from '../domain/session';
import { sessionRevoked } from '../domain/user';
import { BadRequest, NotFound, TokenInvalid } from '../errors';
import { ACCESS, SESSION_ID_PATTERN } from '../tokens';
import type { DeviceRequest } from './device';
import { newEvent } from './security-log';
import { sessionCreatedMs } from './session-id';

/** Sessions items read per page (DynamoDB's Limit, before ended and expired ones are left out). */
export const SESSIONS_PAGE_SIZE = 50;

export interface DeviceSessionView {
  sid: string;
  /** ISO 8601. */
  created_at: string;
  last_used_at: string;
  ip: string;
  user_agent: string;
  /** The session of the access token that asked. */
  current: boolean;
}

export interface SessionList {
  /** The cursor of the next page (`?cursor=`), or null on the last one. */
  next: string | null;
  results: DeviceSessionView[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function view(item: SessionRecord, current: string): DeviceSessionView {
  const createdMs = sessionCreatedMs(item.sid);
  return {
    sid: item.sid,
    created_at: iso(createdMs),
    last_used_at: iso(item.last_used_ms ?? createdMs),
    ip: item.ip ?? '',
    user_agent: item.user_agent ?? '',
    current: item.sid === current,
  };
}

export async function listSessions(ctx: AppContext, accessToken: string, cursor: string | undefined): Promise<SessionList> {
  if (cursor !== undefined && !SESSION_ID_PATTERN.test(cursor)) throw new BadRequest('Invalid cursor.');
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const { user, page } = await ctx.store.devices.listSessions({
    userId: Number(claims.sub),
    limit: SESSIONS_PAGE_SIZE,
    after: cursor,
    nowMs: Date.now(),
  });
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  // Sessions begun before the last "logout everywhere" (or password change, but the one it kept)
  // have ended, whatever their items say.
  const live = page.sessions.filter((item) => !sessionRevoked(user, item.sid, sessionCreatedMs(item.sid)));
  return { next: page.next ?? null, results: live.map((item) => view(item, claims.sid)) };
}

export async function endDeviceSession(
  ctx: AppContext,
  accessToken: string,
  sid: string | undefined,
  request?: DeviceRequest,
): Promise<void> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  if (sid === undefined || !SESSION_ID_PATTERN.test(sid)) throw new NotFound('not a session id');
  const userId = Number(claims.sub);
  const nowMs = Date.now();
  const event = newEvent(ctx, 'session_ended', nowMs, request, { sid });
  const ended = await ctx.store.devices.endSessionById(userId, sid, sessionCreatedMs(sid), nowMs, event);
  if (!ended) throw new NotFound('no live session of this user with that sid');
  ctx.log.info('security event: session ended', { event: 'session_ended', user_id: userId, sid, by_sid: claims.sid });
}
