// Use case: end the session of a refresh token (the seed's LogoutView), or with `all` every
// session of its user, each in one conditional transaction. A superseded token presented after
// the grace window is reuse here as at refresh: the family ends, and the logout is refused.
import { config } from '../config';
import { TokenInvalid } from '../errors';
import { log } from '../log';
import { count, Metric } from '../metrics';
import { endAllSessions, endSession } from '../store/sessions';
import { REFRESH, verifyToken } from '../tokens';
import { boolean, string, type Parsed } from '../validation';
import { endReusedFamily } from './refresh-reuse';
import { sessionCreatedMs } from './session-id';

export const REFRESH_TOKEN_REQUIRED = 'Refresh token required.';

export const logoutInput = {
  refresh_token: string({ message: REFRESH_TOKEN_REQUIRED }),
  all: boolean({ default: false }),
};

export async function logout({ refresh_token, all }: Parsed<typeof logoutInput>): Promise<void> {
  const settings = config();
  const claims = await verifyToken(refresh_token, REFRESH, settings);
  const ref = {
    userId: Number(claims.sub),
    jti: claims.jti,
    sid: claims.sid,
    createdMs: sessionCreatedMs(claims.sid),
    expiresAt: claims.exp,
  };
  const nowMs = Date.now();
  // Revoking the session, not only the token: with rotation, the token's recently superseded
  // predecessor could otherwise still refresh within the grace window.
  const outcome = await (all ? endAllSessions : endSession)({ ref, nowMs, graceStartMs: nowMs - settings.jwt.reuseGraceSeconds * 1000 });
  if (outcome.kind === 'reused') {
    await endReusedFamily({ ...ref, supersededMs: outcome.supersededMs }, nowMs);
    throw new TokenInvalid('superseded refresh token reused at logout');
  }
  if (outcome.kind === 'refused') throw new TokenInvalid('refresh token unknown, revoked, reused or its session ended');
  count(Metric.LoggedOut);
  log.info('security event: logout', { event: all ? 'logout_everywhere' : 'logout', user_id: ref.userId, sid: ref.sid });
}
