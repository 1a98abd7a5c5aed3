// Login's brute-force limits as data and policy: the three counters every attempt is counted on,
// their rules, and which refusals stand.
// - pair (account, address): the tight limit, an escalating lock. A guesser at one address locks
//   only themselves out: the owner, elsewhere, is another pair.
// - address (all accounts): password spraying from one address; escalating.
// - account (all addresses): distributed guessing; loose, with a short lock that never escalates,
//   and that does not apply at an address the account logged in from lately (its owner's).
import type { Config } from '../config';
import { lockMs, type AttemptCounter, type AttemptRule } from '../domain/attempt-counter';
import { limitedAddress } from '../domain/client-address';
import type { CountOutcome } from '../store';
import type { Pseudonyms } from './pseudonyms';

type Throttle = Config['loginThrottle'];

export interface LoginCounters {
  pair: AttemptCounter;
  address: AttemptCounter;
  account: AttemptCounter;
  /** The pseudonyms a trusted address is recorded under. */
  trust: { account: string; address: string };
}

const escalating = (limit: number, t: Throttle): AttemptRule => ({
  limit,
  baseLockMs: t.baseLockSeconds * 1000,
  maxLockMs: t.maxLockSeconds * 1000,
  escalates: true,
  windowMs: t.windowSeconds * 1000,
});

export function loginRules(t: Throttle): Record<'pair' | 'address' | 'account', AttemptRule> {
  return {
    pair: escalating(t.maxFailures, t),
    address: escalating(t.ipMaxFailures, t),
    account: {
      limit: t.accountMaxFailures,
      baseLockMs: t.accountLockSeconds * 1000,
      maxLockMs: t.accountLockSeconds * 1000,
      escalates: false,
      windowMs: t.windowSeconds * 1000,
    },
  };
}

/** The counters of an attempt on `usernameKey` from `sourceIp` (an IPv6 client counts as its /64). */
export function loginCounters(names: Pseudonyms, usernameKey: string, sourceIp: string, t: Throttle): LoginCounters {
  const account = names.account(usernameKey);
  const address = names.address(limitedAddress(sourceIp));
  const rules = loginRules(t);
  return {
    pair: { scope: 'pair', account, address, rule: rules.pair },
    address: { scope: 'address', address, rule: rules.address },
    account: { scope: 'account', account, rule: rules.account },
    trust: { account, address },
  };
}

export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * Whether an attempt may go on to the password check: refused while its pair or its address is
 * locked, and while the account is, unless the attempt comes from an address the account logged in
 * from lately (so guessers elsewhere cannot keep its owner out).
 */
export function admission(outcomes: { pair: CountOutcome; address: CountOutcome; account: CountOutcome }, trusted: boolean): Admission {
  const locks = [outcomes.pair, outcomes.address, ...(trusted ? [] : [outcomes.account])].flatMap((o) =>
    o.counted ? [] : [o.lockedForMs],
  );
  return locks.length === 0 ? { admitted: true } : { admitted: false, retryAfterMs: Math.max(...locks) };
}

/**
 * Whether a failed attempt, counted on these counters, started a lock of the account: of its pair
 * (this address) or of the account everywhere. The address's own lock concerns every account.
 */
export function startedLock(outcomes: { pair: CountOutcome; account: CountOutcome }): boolean {
  return [outcomes.pair, outcomes.account].some((o) => o.counted && lockMs(o.receipt.counter.rule, o.receipt.attempts) > 0);
}
