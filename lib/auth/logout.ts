// Use case: end the session of a refresh token (the seed's LogoutView), or with `all` every
// session of its user, each in one conditional transaction. A superseded token presented after
// the grace window is reuse here as at refresh: the family ends, and the logout is refused.
// Inside the cut-over window a simplejwt refresh token is accepted too (lib/auth/presented-refresh).
import type { AppContext } from '../context';
import { TokenInvalid } from '../errors';
import { Metric } from '../metrics';
import { boolean, string, type Parsed } from '../validation';
import type { DeviceRequest } from './device';
import { presentedRefresh } from './presented-refresh';
import { endReusedFamily } from './refresh-reuse';
import { newEvent } from './security-log';

export const REFRESH_TOKEN_REQUIRED = 'Refresh token required.';

export const logoutInput = {
  refresh_token: string({ message: REFRESH_TOKEN_REQUIRED }),
  all: boolean({ default: false }),
};

export async function logout(ctx: AppContext, { refresh_token, all }: Parsed<typeof logoutInput>, request?: DeviceRequest): Promise<void> {
  const { config, store } = ctx;
  const presented = await presentedRefresh(ctx, refresh_token);
  const ref = {
    userId: presented.userId,
    jti: presented.jti,
    sid: presented.sid,
    createdMs: presented.createdMs,
    expiresAt: presented.exp,
    // A simplejwt token: its jti is recorded as revoked, so it can never be presented again.
    ...(presented.legacy ? { legacy: presented.legacy } : {}),
  };
  const nowMs = Date.now();
  // Revoking the session, not only the token: with rotation, the token's recently superseded
  // predecessor could otherwise still refresh within the grace window.
  const event = newEvent(ctx, all ? 'signed_out_everywhere' : 'session_ended', nowMs, request, { sid: ref.sid });
  const ending = { ref, nowMs, graceStartMs: nowMs - config.jwt.reuseGraceSeconds * 1000, event };
  const outcome = await (all ? store.sessions.endAllSessions(ending) : store.sessions.endSession(ending));
  if (outcome.kind === 'reused') {
    await endReusedFamily(ctx, { ...ref, supersededMs: outcome.supersededMs }, nowMs);
    throw new TokenInvalid('superseded refresh token reused at logout');
  }
  if (outcome.kind === 'refused') throw new TokenInvalid('refresh token unknown, revoked, reused or its session ended');
  ctx.metrics.count(Metric.LoggedOut);
  ctx.log.info('security event: logout', { event: all ? 'logout_everywhere' : 'logout', user_id: ref.userId, sid: ref.sid });
}
