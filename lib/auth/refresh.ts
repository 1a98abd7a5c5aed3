// Use case: exchange a live refresh token for a new access token (simplejwt's TokenRefreshView),
// and with ROTATE_REFRESH_TOKENS for a new refresh token too: one successor per token, however
// often it is presented within the grace window, and reuse detected after it. Inside the cut-over
// window the replaced backend's simplejwt refresh tokens are honoured the same way.
import type { AppContext } from '../context';
import type { IssuedToken, RefreshTokenRecord } from '../domain/session';
import { sessionRevoked } from '../domain/user';
import { TokenInvalid } from '../errors';
import { Metric } from '../metrics';
import type { RefreshState, RotationOutcome } from '../store';
import { ACCESS, REFRESH, type TokenSubject } from '../tokens';
import { string, type Parsed } from '../validation';
import { deviceUse, type DeviceRequest } from './device';
import { presentedRefresh, type PresentedRefresh } from './presented-refresh';
import { endReusedFamily } from './refresh-reuse';
import { issueOnceStored, planTokenPair } from './token-pair';

export const refreshInput = {
  refresh: string(),
};

type Refreshed = { access: string; refresh?: string };

/**
 * A simplejwt token names a Django pk: it is honoured only for the user imported with that very pk
 * (a pk registered here, or a Django user who was not imported, is someone else), and its jti must
 * not be one of ours.
 */
function checkLegacy({ token, user }: RefreshState): void {
  if (token && token.legacy !== true) throw new TokenInvalid('simplejwt jti is the jti of one of our tokens');
  if (user && user.imported_from !== 'django') throw new TokenInvalid('simplejwt token for a user who was not imported');
}

/**
 * A valid signature is not enough: the record, its session and its user must all still be live.
 * Our tokens always have a record; a simplejwt token has one only once rotated, revoked or blacklisted.
 */
function liveToken(state: RefreshState, presented: PresentedRefresh): RefreshTokenRecord | undefined {
  const { token, session, user } = state;
  if (presented.legacy) checkLegacy(state);
  else if (!token || token.sid !== presented.sid) throw new TokenInvalid('refresh token not on record');
  if (token?.revoked_ms !== undefined) throw new TokenInvalid('refresh token revoked');
  // No session item: the family has not changed since login, so it has not ended either.
  if (session?.revoked_ms !== undefined) throw new TokenInvalid('session ended');
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  if (sessionRevoked(user, presented.sid, presented.createdMs)) {
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
  presented: PresentedRefresh,
  subject: TokenSubject,
  superseded: { supersededMs: number; successor?: IssuedToken },
  nowMs: number,
): Promise<Refreshed> {
  if (superseded.supersededMs < nowMs - ctx.config.jwt.reuseGraceSeconds * 1000) {
    await endReusedFamily(ctx, { ...subject, jti: presented.jti, expiresAt: presented.exp, supersededMs: superseded.supersededMs }, nowMs);
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
 * own write. Best effort: a refresh never fails because its use could not be recorded. An old
 * simplejwt token's session is not a device session of ours until it is rotated.
 */
function recordUse(ctx: AppContext, presented: PresentedRefresh, request: DeviceRequest | undefined): Promise<unknown> {
  if (!request || ctx.config.jwt.rotateRefreshTokens || presented.legacy) return Promise.resolve();
  return ctx.store.devices
    .recordUse(presented.userId, presented.sid, deviceUse(request, Date.now()))
    .catch((error: unknown) => ctx.log.warn('session use not recorded', { reason: String(error) }));
}

export async function refresh(
  ctx: AppContext,
  { refresh: token }: Parsed<typeof refreshInput>,
  request?: DeviceRequest,
): Promise<Refreshed> {
  const presented = await presentedRefresh(ctx, token);
  const recorded = recordUse(ctx, presented, request);
  try {
    return await refreshPresented(ctx, presented, request);
  } finally {
    // Awaited before answering: Lambda freezes the process once the handler returns.
    await recorded;
  }
}

async function refreshPresented(ctx: AppContext, presented: PresentedRefresh, request: DeviceRequest | undefined): Promise<Refreshed> {
  const { config, store, tokens } = ctx;
  const subject = { userId: presented.userId, sid: presented.sid };
  const record = liveToken(await store.sessions.readRefreshState(subject.userId, presented.jti, presented.sid), presented);

  const nowMs = Date.now();
  // Superseded while rotation was on: still reuse after the grace window, even if rotation has
  // since been switched off (a rollback must not revive tokens that may have been stolen).
  if (
    record?.superseded_ms !== undefined &&
    (config.jwt.rotateRefreshTokens || record.superseded_ms < nowMs - config.jwt.reuseGraceSeconds * 1000)
  ) {
    return answerSuperseded(ctx, presented, subject, { supersededMs: record.superseded_ms, successor: record.successor }, nowMs);
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
        presented: { ...subject, jti: presented.jti, ...(presented.legacy ? { legacy: presented.legacy } : {}) },
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
    if (rotation.outcome?.kind === 'already_rotated') return answerSuperseded(ctx, presented, subject, rotation.outcome, nowMs);
    throw error;
  }
}
