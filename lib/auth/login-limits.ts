// Login's brute-force limits as data: the three counters every attempt is counted on, and their rules.
// - pair (account, address): the tight limit, an escalating lock. A guesser at one address locks
//   only themselves out: the owner, elsewhere, is another pair.
// - address (all accounts): password spraying from one address; escalating.
// - account (all addresses): distributed guessing; loose, with a short lock that never escalates,
//   so that guessers at many addresses can delay the owner but not keep them out for long.
import type { Config } from '../config';
import type { AttemptCounter, AttemptRule } from '../domain/attempt-counter';
import { limitedAddress } from '../domain/client-address';
import type { Pseudonyms } from './pseudonyms';

type Throttle = Config['loginThrottle'];

export interface LoginCounters {
  pair: AttemptCounter;
  address: AttemptCounter;
  account: AttemptCounter;
}

const escalating = (limit: number, t: Throttle): AttemptRule => ({
  limit,
  baseLockMs: t.baseLockSeconds * 1000,
  maxLockMs: t.maxLockSeconds * 1000,
  escalates: true,
  windowMs: t.windowSeconds * 1000,
});

export function loginRules(t: Throttle): Record<keyof LoginCounters, AttemptRule> {
  return {
    pair: escalating(t.maxFailures, t),
    address: escalating(t.ipMaxFailures, t),
    account: { limit: t.accountMaxFailures, baseLockMs: t.accountLockSeconds * 1000, maxLockMs: t.accountLockSeconds * 1000, escalates: false, windowMs: t.windowSeconds * 1000 },
  };
}

/** The counters of an attempt on `usernameKey` from `sourceIp` (an IPv6 client counts as its /64). */
export function loginCounters(names: Pseudonyms, usernameKey: string, sourceIp: string, t: Throttle): LoginCounters {
  const address = limitedAddress(sourceIp);
  const rules = loginRules(t);
  return {
    pair: { scope: 'pair', subject: names.pair(usernameKey, address), rule: rules.pair },
    address: { scope: 'address', subject: names.address(address), rule: rules.address },
    account: { scope: 'account', subject: names.account(usernameKey), rule: rules.account },
  };
}
