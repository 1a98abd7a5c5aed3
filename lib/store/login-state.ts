// What a login reads in its first round trip, beside counting the attempt: the login item, and
// whether the account logged in from this address lately; one consistent BatchGetItem.
import { findItems } from './batch-get';
import type { Db } from './client';
import { keys } from './keys';
import { toLoginItem } from './users';
import type { LoginItem } from '../domain/user';

export interface LoginState {
  login?: LoginItem;
  /** The account's lock does not apply at this address. */
  trusted: boolean;
}

export function loginStateStore(db: Db) {
  return {
    /** `usernameKey` is undefined for a username that cannot exist: nothing of it is read. */
    async readLoginState(usernameKey: string | undefined, trust: { account: string; address: string }, nowMs: number): Promise<LoginState> {
      if (usernameKey === undefined) return { trusted: false };
      const loginKey = keys.username(usernameKey);
      const trustKey = keys.trustedAddress(trust.account, trust.address);
      const at = await findItems(db, [loginKey, trustKey]);
      const login = at(loginKey);
      return { login: login ? toLoginItem(login) : undefined, trusted: Number(at(trustKey)?.trusted_until_ms ?? 0) > nowMs };
    },
  };
}
