// What a login attempt reads (the login item and both failure counters, in one round trip) and
// records (a failure on both counters, in one round trip).
import type { FailureCounter } from '../auth/login-throttle';
import { tableName } from './client';
import { keys, type ItemKey } from './keys';
import { readItems } from './batch-get';
import { transactWrite } from './transact';
import { toLoginItem, type LoginItem } from './users';

export interface LoginState {
  login?: LoginItem;
  account?: FailureCounter;
  ip?: FailureCounter;
}

export interface CounterKeys {
  account: ItemKey;
  ip: ItemKey;
}

export const counterKeys = (accountHash: string, ipHash: string): CounterKeys => ({
  account: keys.loginFailures('account', accountHash),
  ip: keys.loginFailures('ip', ipHash),
});

/** `usernameKey` is undefined for a username that cannot exist: its counters are still read. */
export async function readLoginState(usernameKey: string | undefined, counters: CounterKeys): Promise<LoginState> {
  const [account, ip, login] = await readItems([
    counters.account,
    counters.ip,
    ...(usernameKey === undefined ? [] : [keys.username(usernameKey)]),
  ]);
  return {
    account: account as FailureCounter | undefined,
    ip: ip as FailureCounter | undefined,
    login: login ? toLoginItem(login) : undefined,
  };
}

export interface FailureUpdate {
  key: ItemKey;
  /** Start again from one instead of adding (the old count was forgotten). */
  restart: boolean;
}

/**
 * Counts one failure on each counter. Adding is atomic, so parallel guesses are all counted;
 * only a restart overwrites, and a race there can lose at most one count.
 */
export async function recordLoginFailure(updates: FailureUpdate[], nowMs: number, expiresAt: number): Promise<void> {
  const table = tableName();
  await transactWrite(
    updates.map(({ key, restart }) => ({
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: restart
          ? 'SET failures = :one, last_failure_ms = :now, expires_at = :expires_at, #type = :type'
          : 'ADD failures :one SET last_failure_ms = :now, expires_at = :expires_at, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':now': nowMs, ':expires_at': expiresAt, ':type': 'login_failures' },
      },
    })),
    () => new Error('unconditional update failed a condition'),
  );
}

/** The Delete that forgets an account's failures, for the successful login's transaction. */
export function clearCounterRequest(key: ItemKey) {
  return { Delete: { TableName: tableName(), Key: key } };
}
