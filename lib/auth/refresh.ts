// Use case: exchange a live refresh token for a new access token (simplejwt's TokenRefreshView),
// and with ROTATE_REFRESH_TOKENS for a new refresh token too, detecting reuse of superseded ones.
import { config } from '../config';
import { TokenInvalid } from '../errors';
import { log } from '../log';
import { count, Metric } from '../metrics';
import type { RefreshTokenRecord } from '../store/refresh-tokens';
import { readRefreshState, revokeSession, rotateRefreshToken, type RefreshState } from '../store/sessions';
import { ACCESS, REFRESH, signToken, verifyToken, type TokenClaims } from '../tokens';
import { string, type Parsed } from '../validation';
import { sessionCreatedMs } from './session-id';
import { issueOnceStored, planTokenPair } from './token-pair';

export const refreshInput = {
  refresh: string(),
};

/** A valid signature is not enough: the record, its session and its user must all still be live. */
function liveToken({ token, session, user }: RefreshState, claims: TokenClaims): RefreshTokenRecord {
  if (!token || token.sid !== claims.sid) throw new TokenInvalid('refresh token not on record');
  if (token.revoked_ms !== undefined) throw new TokenInvalid('refresh token revoked');
  // No session item: the family has not changed since login, so it has not ended either.
  if (session?.revoked_ms !== undefined) throw new TokenInvalid('session ended');
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  if (user.sessions_revoked_ms !== undefined && user.sessions_revoked_ms >= sessionCreatedMs(claims.sid)) {
    throw new TokenInvalid('user logged out everywhere after this session began');
  }
  return token;
}

export async function refresh({ refresh: presented }: Parsed<typeof refreshInput>): Promise<{ access: string; refresh?: string }> {
  const settings = config();
  const claims = await verifyToken(presented, REFRESH, settings);
  const subject = { userId: Number(claims.sub), sid: claims.sid };
  const token = liveToken(await readRefreshState(subject.userId, claims.jti, claims.sid), claims);

  if (!settings.jwt.rotateRefreshTokens) {
    const { token: access } = await signToken(ACCESS, subject, settings);
    count(Metric.Refreshed);
    return { access };
  }

  const nowMs = Date.now();
  const graceStartMs = nowMs - settings.jwt.reuseGraceSeconds * 1000;
  const { superseded_ms } = token;
  if (superseded_ms !== undefined && superseded_ms < graceStartMs) {
    // A token replaced a while ago is back: one of its holders is not the user. End the family,
    // so that the thief's and the user's successors both stop working; the user logs in again.
    await revokeSession({ userId: subject.userId, sid: claims.sid, expiresAt: claims.exp }, 'refresh token reuse', nowMs);
    count(Metric.RefreshTokenReused);
    log.warn('security event: refresh token reuse', {
      event: 'refresh_token_reuse',
      user_id: subject.userId,
      sid: claims.sid,
      jti: claims.jti,
      superseded_ms,
    });
    throw new TokenInvalid('superseded refresh token reused');
  }

  const pair = planTokenPair(subject, settings);
  const tokens = await issueOnceStored(pair, () =>
    rotateRefreshToken({ presented: { ...subject, jti: claims.jti }, successor: pair.record, nowMs, graceStartMs }),
  );
  count(Metric.Refreshed);
  return { access: tokens.access, refresh: tokens.refresh };
}
