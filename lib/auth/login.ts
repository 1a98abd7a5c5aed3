// Use case: exchange username + password for a token pair (simplejwt's TokenObtainPairView),
// behind brute-force limits per (account, address) pair, per address and per account.
import type { AppContext } from '../context';
import { EmailNotVerified, InvalidCredentials, TooManyAttempts } from '../errors';
import { Metric } from '../metrics';
import { checkPassword, hashPassword, verifyAgainstDummy } from '../passwords';
import type { CountOutcome, CountReceipt } from '../store';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { normaliseUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { deviceUse, type DeviceRequest } from './device';
import { admission, loginCounters, startedLock, type LoginCounters } from './login-limits';
import { pseudonyms } from './pseudonyms';
import { queueVerification } from './verification-mail';
import type { SecurityEvent } from '../domain/security-event';
import { newEvent } from './security-log';
import { issueOnceStored, planSession, type TokenPair } from './token-pair';

export const loginInput = {
  username: string({ maxLength: 1024 }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

export type LoginRequest = DeviceRequest;

const receiptsOf = (outcomes: CountOutcome[]): CountReceipt[] => outcomes.flatMap((o) => (o.counted ? [o.receipt] : []));

/**
 * A success ends the pair's run, takes its own attempt back from the address and account counts
 * (which count failures), and marks the address as one the account logs in from. Sent beside the
 * session write: should that write fail after all, one attempt goes uncounted, and the error is on
 * the side of the owner, who proved the password.
 */
async function releaseAttempts(
  ctx: AppContext,
  counters: LoginCounters,
  wider: CountOutcome[],
  trustUntilMs: number | undefined,
): Promise<void> {
  const { attempts } = ctx.store;
  const outcomes = await Promise.allSettled([
    attempts.clearCounter(counters.pair),
    attempts.takeBack(receiptsOf(wider)),
    ...(trustUntilMs === undefined ? [] : [attempts.trustAddress(counters.trust.account, counters.trust.address, trustUntilMs)]),
  ]);
  for (const outcome of outcomes) {
    // A count left too high only refuses sooner; never worth failing a proven login for.
    if (outcome.status === 'rejected') ctx.log.warn('login attempt not released', { reason: String(outcome.reason) });
  }
}

/**
 * ACCOUNT_EMAIL_VERIFICATION=mandatory, an unproven address: the owner proved the password, so the
 * attempt is released as for a success (no trust is granted), and the verification mail is sent
 * again within the account's hourly allowance; no session begins.
 */
async function refuseUnverified(
  ctx: AppContext,
  counters: LoginCounters,
  wider: CountOutcome[],
  userId: number,
  nowMs: number,
): Promise<never> {
  await Promise.all([
    releaseAttempts(ctx, counters, wider, undefined),
    queueVerification(ctx, { kind: 'verify_email', user_id: userId }, nowMs),
  ]);
  ctx.metrics.count(Metric.LoginUnverified);
  throw new EmailNotVerified();
}

/**
 * The account's event for a failed login: `locked` when this failure started a lock of the account,
 * else `login_failed`. Sent for unknown names too (refused, nothing written: the same round trip),
 * and never worth a different answer: a write that fails is logged, and the failure stands.
 */
async function recordFailure(ctx: AppContext, usernameKey: string, userId: number | undefined, event: SecurityEvent): Promise<void> {
  try {
    await ctx.store.securityLog.recordLoginFailure(usernameKey, userId, event);
  } catch (error) {
    ctx.log.warn('failed login not recorded', { reason: String(error) });
  }
}

export async function login(ctx: AppContext, { username, password }: Parsed<typeof loginInput>, request: LoginRequest): Promise<TokenPair> {
  const { sourceIp } = request;
  const { config, store, log, metrics } = ctx;
  const normalised = normaliseUsername(username);
  // Names that cannot exist are counted like any other: unknown usernames behave the same.
  const key = usernameKey(normalised.ok ? normalised.value : username);
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const counters = loginCounters(names, key, sourceIp, config.loginThrottle);
  const account = names.account(key).slice(0, 16);

  // The attempt is counted before the password is checked, by writes that refuse once a counter is
  // locked: of a burst, at most the limit reach bcrypt. The login item is read meanwhile.
  const nowMs = Date.now();
  const [counted, state] = await Promise.all([
    store.attempts.countAttempt([counters.pair, counters.address, counters.account], nowMs),
    store.loginState.readLoginState(normalised.ok ? key : undefined, counters.trust, nowMs),
  ]);
  const [onPair, onAddress, onAccount] = counted as [CountOutcome, CountOutcome, CountOutcome];
  const decision = admission({ pair: onPair, address: onAddress, account: onAccount }, state.trusted);
  if (!decision.admitted) {
    // Refused attempts count nowhere, and re-arm no lock.
    await store.attempts.takeBack(receiptsOf(counted));
    metrics.count(Metric.LoginThrottled);
    log.warn('security event: login throttled', { event: 'login_throttled', account, source_ip: sourceIp });
    throw new TooManyAttempts(Math.ceil(decision.retryAfterMs / 1000));
  }

  // Unknown users cost the same bcrypt work as known ones, and every failure (unknown user,
  // wrong password, inactive account) is the same error, so nothing reveals which accounts exist.
  // Its attempt is already counted; a failure's one write is its security event (recordFailure).
  const item = state.login;
  const check = item
    ? await checkPassword(password, item.password_hash, config.bcryptCost)
    : { matches: await verifyAgainstDummy(password, config.bcryptCost), rehash: false };
  if (!item || !check.matches || !item.is_active) {
    metrics.count(Metric.LoginFailed);
    const locked = startedLock({ pair: onPair, account: onAccount });
    log.info('security event: login failed', { event: 'login_failed', account, source_ip: sourceIp, locked });
    await recordFailure(ctx, key, item?.user_id, newEvent(ctx, locked ? 'locked' : 'login_failed', nowMs, request));
    throw new InvalidCredentials();
  }

  if (config.emailVerification.mode === 'mandatory' && !item.email_verified) {
    await refuseUnverified(ctx, counters, [onAddress, onAccount], item.user_id, nowMs);
  }

  const pair = planSession(ctx.tokens, item.user_id);
  // An imported hash (or one at another cost) becomes our own on the first login that proves the
  // password, in the session's own write.
  const rehash = check.rehash ? { verified: item.password_hash, replacement: await hashPassword(password, config.bcryptCost) } : undefined;
  const trustDays = config.loginThrottle.trustedAddressDays;
  const released = releaseAttempts(ctx, counters, [onAddress, onAccount], trustDays > 0 ? nowMs + trustDays * 86_400_000 : undefined);
  try {
    const tokens = await issueOnceStored(pair, async () => {
      const outcome = await store.sessions.completeLogin({
        token: pair.record,
        usernameKey: key,
        rehash,
        device: deviceUse(request, Date.now()),
        event: newEvent(ctx, 'logged_in', Date.now(), request, { sid: pair.record.sid }),
      });
      // Deactivated, or given a new password, while this login was checking the old one.
      if (outcome === 'account_changed') throw new InvalidCredentials({ reason: 'account deactivated or password changed during login' });
    });
    metrics.count(Metric.LoginSucceeded);
    return tokens;
  } finally {
    await released;
  }
}
