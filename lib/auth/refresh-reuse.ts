// What happens when a superseded refresh token comes back after the grace window, at refresh or at
// logout: one of its holders is not the user, so the whole family ends, whoever holds its newest token.
import type { AppContext } from '../context';
import { Metric } from '../metrics';
import { newEvent } from './security-log';

export interface ReusedToken {
  userId: number;
  sid: string;
  jti: string;
  /** Epoch seconds: the presented token's exp (how long its session item must be kept). */
  expiresAt: number;
  supersededMs: number;
}

export async function endReusedFamily(ctx: AppContext, token: ReusedToken, nowMs: number): Promise<void> {
  // The log's entry beside the revocation (same round trip); the family's end is what matters.
  await Promise.all([
    ctx.store.sessions.revokeSession({ userId: token.userId, sid: token.sid, expiresAt: token.expiresAt }, 'refresh token reuse', nowMs),
    ctx.store.securityLog
      .record(token.userId, newEvent(ctx, 'refresh_token_reuse', nowMs, undefined, { sid: token.sid }))
      .catch((error: unknown) => ctx.log.warn('security event not recorded', { reason: String(error) })),
  ]);
  ctx.metrics.count(Metric.RefreshTokenReused);
  ctx.log.warn('security event: refresh token reuse', {
    event: 'refresh_token_reuse',
    user_id: token.userId,
    sid: token.sid,
    jti: token.jti,
    superseded_ms: token.supersededMs,
  });
}
