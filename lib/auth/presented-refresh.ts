// A refresh token as refresh and logout see it, whoever issued it: its user, session, jti and
// expiry. A simplejwt token of the cut-over window becomes a session of its own (legacySessionId).
import type { AppContext } from '../context';
import type { IssuedToken } from '../domain/session';
import { legacySessionId, sessionCreatedMs } from './session-id';

export interface PresentedRefresh {
  userId: number;
  sid: string;
  jti: string;
  /** Epoch seconds. */
  exp: number;
  /** Epoch ms: when its session began (a simplejwt token's: its iat). */
  createdMs: number;
  /** The replaced backend's token: it has no record until first rotated, revoked or blacklisted. */
  legacy?: IssuedToken;
}

export async function presentedRefresh(ctx: AppContext, token: string): Promise<PresentedRefresh> {
  const verified = await ctx.tokens.verifyRefresh(token);
  if (verified.origin === 'ours') {
    const { user_id, sid, jti, exp } = verified.claims;
    return { userId: user_id, sid, jti, exp, createdMs: sessionCreatedMs(sid) };
  }
  const { userId, jti, iat, exp } = verified.claims;
  const sid = legacySessionId(jti, iat);
  // How many old tokens are still presented tells the operator when the window can close early.
  ctx.log.info('simplejwt refresh token presented', { event: 'simplejwt_token_presented', user_id: userId, jti });
  return { userId, sid, jti, exp, createdMs: sessionCreatedMs(sid), legacy: { jti, issued_at: iat, expires_at: exp } };
}
