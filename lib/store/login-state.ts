// What a login reads in its first round trip, beside counting the attempt: the login item, and
// whether the account logged in from this address lately; one consistent BatchGetItem.
import { findItems } from './batch-get';
import { keys } from './keys';
import { toLoginItem, type LoginItem } from './users';

export interface LoginState {
  login?: LoginItem;
  /** The account's lock does not apply at this address. */
  trusted: boolean;
}

/** `usernameKey` is undefined for a username that cannot exist: nothing of it is read. */
export async function readLoginState(
  usernameKey: string | undefined,
  trust: { account: string; address: string },
  nowMs: number,
): Promise<LoginState> {
  if (usernameKey === undefined) return { trusted: false };
  const loginKey = keys.username(usernameKey);
  const trustKey = keys.trustedAddress(trust.account, trust.address);
  const at = await findItems([loginKey, trustKey]);
  const login = at(loginKey);
  return { login: login ? toLoginItem(login) : undefined, trusted: Number(at(trustKey)?.trusted_until_ms ?? 0) > nowMs };
}
