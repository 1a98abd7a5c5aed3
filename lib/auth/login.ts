// Use case: exchange username + password for a token pair (simplejwt's TokenObtainPairView),
// behind per-account and per-address brute-force limits.
import { config } from '../config';
import { InvalidCredentials, TooManyAttempts } from '../errors';
import { log } from '../log';
import { count, Metric } from '../metrics';
import { checkPassword, hashPassword, verifyAgainstDummy } from '../passwords';
import { clearCounterRequest, counterKeys, readLoginState, recordLoginFailure } from '../store/login-attempts';
import { startSession } from '../store/sessions';
import type { TransactItem } from '../store/transact';
import { replacePasswordHashRequest } from '../store/users';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { normaliseUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { counterHash, counterLifetimeSeconds, isStale, lockedForMs } from './login-throttle';
import { issueOnceStored, planSession, type TokenPair } from './token-pair';

export const loginInput = {
  username: string({ maxLength: 1024 }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

export interface LoginContext {
  /** From API Gateway's request context, never from X-Forwarded-For (which the client writes). */
  sourceIp: string;
}

export async function login({ username, password }: Parsed<typeof loginInput>, { sourceIp }: LoginContext): Promise<TokenPair> {
  const settings = config();
  const limits = settings.loginThrottle;
  const normalised = normaliseUsername(username);
  // Names that cannot exist are counted like any other: unknown usernames behave the same.
  const key = usernameKey(normalised.ok ? normalised.value : username);
  const accountHash = counterHash(key);
  const counters = counterKeys(accountHash, counterHash(sourceIp));
  const state = await readLoginState(normalised.ok ? key : undefined, counters);

  const nowMs = Date.now();
  const lockedMs = Math.max(
    lockedForMs(state.account, limits.accountMaxFailures, limits, nowMs),
    lockedForMs(state.ip, limits.ipMaxFailures, limits, nowMs),
  );
  if (lockedMs > 0) {
    count(Metric.LoginThrottled);
    log.warn('security event: login throttled', { event: 'login_throttled', account: accountHash.slice(0, 16), source_ip: sourceIp });
    throw new TooManyAttempts(Math.ceil(lockedMs / 1000));
  }

  // Unknown users cost the same bcrypt work as known ones, and every failure (unknown user,
  // wrong password, inactive account) is the same error, so nothing reveals which accounts exist.
  const item = state.login;
  const check = item
    ? await checkPassword(password, item.password_hash, settings.bcryptCost)
    : { matches: await verifyAgainstDummy(password, settings.bcryptCost), rehash: false };
  if (!item || !check.matches || !item.is_active) {
    await recordLoginFailure(
      [
        { key: counters.account, restart: isStale(state.account, limits.accountMaxFailures, limits, nowMs) },
        { key: counters.ip, restart: isStale(state.ip, limits.ipMaxFailures, limits, nowMs) },
      ],
      nowMs,
      Math.ceil(nowMs / 1000) + counterLifetimeSeconds(limits),
    );
    count(Metric.LoginFailed);
    log.info('security event: login failed', { event: 'login_failed', account: accountHash.slice(0, 16), source_ip: sourceIp });
    throw new InvalidCredentials();
  }

  const pair = planSession(item.user_id, settings);
  // A success ends the run of consecutive failures for the account (not for the address); with
  // no failures on record (the common case) there is nothing to clear, and the write is smaller.
  const also: TransactItem[] = state.account ? [clearCounterRequest(counters.account)] : [];
  // An imported Django hash (or one below the configured cost) becomes our own on the first
  // login that proves the password, in the same write: still two round trips.
  if (check.rehash) also.push(replacePasswordHashRequest(key, item.password_hash, await hashPassword(password, settings.bcryptCost)));
  const tokens = await issueOnceStored(pair, () => startSession(pair.record, also));
  count(Metric.LoginSucceeded);
  return tokens;
}
