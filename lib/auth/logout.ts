// Use case: end the session of a refresh token (the seed's LogoutView), or with `all` every
// session of its user, each in one conditional transaction.
import { config } from '../config';
import { log } from '../log';
import { count, Metric } from '../metrics';
import { endAllSessions, endSession } from '../store/sessions';
import { REFRESH, verifyToken } from '../tokens';
import { boolean, string, type Parsed } from '../validation';
import { sessionCreatedMs } from './session-id';

export const REFRESH_TOKEN_REQUIRED = 'Refresh token required.';

export const logoutInput = {
  refresh_token: string({ message: REFRESH_TOKEN_REQUIRED }),
  all: boolean({ default: false }),
};

export async function logout({ refresh_token, all }: Parsed<typeof logoutInput>): Promise<void> {
  const claims = await verifyToken(refresh_token, REFRESH, config());
  const ref = { userId: Number(claims.sub), jti: claims.jti, sid: claims.sid, createdMs: sessionCreatedMs(claims.sid), expiresAt: claims.exp };
  // Revoking the session, not only the token: with rotation, the token's recently superseded
  // predecessor could otherwise still refresh within the grace window.
  await (all ? endAllSessions : endSession)(ref, Date.now());
  count(Metric.LoggedOut);
  log.info('security event: logout', { event: all ? 'logout_everywhere' : 'logout', user_id: ref.userId, sid: ref.sid });
}
