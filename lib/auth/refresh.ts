// Use case: exchange a live refresh token for a new access token (simplejwt's TokenRefreshView),
// and with ROTATE_REFRESH_TOKENS for a new refresh token too: one successor per token, however
// often it is presented within the grace window, and reuse detected after it.
import type { AppContext } from '../context';
import type { IssuedToken, RefreshTokenRecord } from '../domain/session';
import { TokenInvalid } from '../errors';
import { Metric } from '../metrics';
import type { RefreshState, RotationOutcome } from '../store';
import { ACCESS, REFRESH, type TokenClaims, type TokenSubject } from '../tokens';
import { string, type Parsed } from '../validation';
import { deviceUse, type DeviceRequest } from './device';
import { endReusedFamily } from './refresh-reuse';
import { sessionCreatedMs } from './session-id';
import { issueOnceStored, planTokenPair } from './token-pair';

export const refreshInput = {
  refresh: string(),
};

type Refreshed = { access: string; refresh?: string };

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

/**
 * A token presented again after a rotation: inside the grace window (a retry, a double click, a
 * second tab) it gets the very successor that rotation issued, signed again, so the family never
 * forks; after it, the presentation is reuse and ends the family.
 */
async function answerSuperseded(
  ctx: AppContext,
  claims: TokenClaims,
  subject: TokenSubject,
  superseded: { supersededMs: number; successor?: IssuedToken },
  nowMs: number,
): Promise<Refreshed> {
  if (superseded.supersededMs < nowMs - ctx.config.jwt.reuseGraceSeconds * 1000) {
    await endReusedFamily(ctx, { ...subject, jti: claims.jti, expiresAt: claims.exp, supersededMs: superseded.supersededMs }, nowMs);
    throw new TokenInvalid('superseded refresh token reused');
  }
  const { successor } = superseded;
  // Superseded before successors were recorded (an older version's rotation): nothing to repeat.
  if (!successor) throw new TokenInvalid('superseded refresh token has no recorded successor');
  const [refresh, { token: access }] = await Promise.all([
    ctx.tokens.sign(ctx.tokens.reissued(REFRESH, subject, { jti: successor.jti, iat: successor.issued_at, exp: successor.expires_at })),
    ctx.tokens.signNew(ACCESS, subject),
  ]);
  ctx.metrics.count(Metric.Refreshed);
  return { access, refresh };
}

/**
 * Without rotation a refresh writes nothing of its own, so where the session is used is recorded by
 * an UpdateItem sent beside the refresh's read (same round trip); with rotation, in the rotation's
 * own write. Best effort: a refresh never fails because its use could not be recorded.
 */
function recordUse(ctx: AppContext, claims: TokenClaims, request: DeviceRequest | undefined): Promise<unknown> {
  if (!request || ctx.config.jwt.rotateRefreshTokens) return Promise.resolve();
  return ctx.store.devices
    .recordUse(Number(claims.sub), claims.sid, claims.exp, deviceUse(request, Date.now()))
    .catch((error: unknown) => ctx.log.warn('session use not recorded', { reason: String(error) }));
}

export async function refresh(
  ctx: AppContext,
  { refresh: presented }: Parsed<typeof refreshInput>,
  request?: DeviceRequest,
): Promise<Refreshed> {
  const claims = await ctx.tokens.verify(presented, REFRESH);
  const recorded = recordUse(ctx, claims, request);
  try {
    return await refreshVerified(ctx, claims, request);
  } finally {
    // Awaited before answering: Lambda freezes the process once the handler returns.
    await recorded;
  }
}

async function refreshVerified(ctx: AppContext, claims: TokenClaims, request: DeviceRequest | undefined): Promise<Refreshed> {
  const { config, store, tokens } = ctx;
  const subject = { userId: Number(claims.sub), sid: claims.sid };
  const token = liveToken(await store.sessions.readRefreshState(subject.userId, claims.jti, claims.sid), claims);

  const nowMs = Date.now();
  // Superseded while rotation was on: still reuse after the grace window, even if rotation has
  // since been switched off (a rollback must not revive tokens that may have been stolen).
  if (
    token.superseded_ms !== undefined &&
    (config.jwt.rotateRefreshTokens || token.superseded_ms < nowMs - config.jwt.reuseGraceSeconds * 1000)
  ) {
    return answerSuperseded(ctx, claims, subject, { supersededMs: token.superseded_ms, successor: token.successor }, nowMs);
  }

  if (!config.jwt.rotateRefreshTokens) {
    const { token: access } = await tokens.signNew(ACCESS, subject);
    ctx.metrics.count(Metric.Refreshed);
    return { access };
  }

  const pair = planTokenPair(tokens, subject);
  const rotation: { outcome?: RotationOutcome } = {};
  try {
    const issued = await issueOnceStored(pair, async () => {
      rotation.outcome = await store.sessions.rotateRefreshToken({
        presented: { ...subject, jti: claims.jti },
        successor: pair.record,
        nowMs,
        device: request ? deviceUse(request, nowMs) : undefined,
      });
      if (rotation.outcome.kind !== 'rotated') throw new TokenInvalid('refresh token rotated, revoked or its session ended meanwhile');
    });
    ctx.metrics.count(Metric.Refreshed);
    return { access: issued.access, refresh: issued.refresh };
  } catch (error) {
    // A concurrent refresh of the same token rotated it first: answer as that one did.
    if (rotation.outcome?.kind === 'already_rotated') return answerSuperseded(ctx, claims, subject, rotation.outcome, nowMs);
    throw error;
  }
}
