// Brute force against DynamoDB Local with the clock frozen: locks per (account, address) that grow
// and expire by themselves, an owner elsewhere who is never locked out, and the per-address and
// per-account limits.
import { describe, expect, it } from 'vitest';
import { login } from '../../../lib/auth/login';
import { loginCounters } from '../../../lib/auth/login-limits';
import { pseudonyms } from '../../../lib/auth/pseudonyms';
import { register } from '../../../lib/auth/register';
import { config } from '../../../lib/config';
import { InvalidCredentials, TooManyAttempts } from '../../../lib/errors';
import { readCounter } from '../../../lib/store/attempt-counters';
import { pseudonymSecret } from '../../../lib/tokens';
import { usernameKey } from '../../../lib/users/username';
import { frozenClock, now } from '../../support/clock';
import { newUser } from '../../support/http';
import { captureLogs } from '../../support/logs';
import { outcomesByKind } from '../../support/outcomes';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

// The default limits, but for spraying (10 per address instead of 100), so tests reach it quickly.
const at = frozenClock(now(), { LOGIN_IP_MAX_FAILURES: '10', LOG_LEVEL: 'info' });
let ipCounter = 0;
// Every test its own addresses, so per-address counts never leak between tests.
const freshIp = () => ({ sourceIp: `192.0.${2 + Math.floor(ipCounter / 250)}.${((ipCounter += 1) % 250) + 1}` });

const attempt = (username: string, password: string, from: { sourceIp: string }) => login({ username, password }, from).catch((e: unknown) => e);
const tally = (outcomes: unknown[]) => outcomesByKind(outcomes);

async function countersOf(username: string, sourceIp: string) {
  const counters = loginCounters(pseudonyms(await pseudonymSecret(config())), usernameKey(username), sourceIp, config().loginThrottle);
  return { pair: await readCounter(counters.pair), address: await readCounter(counters.address), account: await readCounter(counters.account) };
}

describe('per-(account, address) lockout', () => {
  it('locks after 5 failures, unlocks by itself, then locks twice as long after the next failure', async () => {
    const logs = captureLogs();
    const user = newUser();
    await register(user, REGISTERING);
    const from = freshIp();
    for (let i = 0; i < 5; i += 1) expect(await attempt(user.username, 'wrong-password', from)).toBeInstanceOf(InvalidCredentials);

    const locked = await attempt(user.username, user.password, from);
    expect(locked).toBeInstanceOf(TooManyAttempts);
    expect((locked as TooManyAttempts).retryAfterSeconds).toBe(30);

    at(31_000);
    expect(await attempt(user.username, 'wrong-again', from)).toBeInstanceOf(InvalidCredentials);
    at(32_000);
    expect(((await attempt(user.username, user.password, from)) as TooManyAttempts).retryAfterSeconds).toBe(59);

    at(31_000 + 61_000);
    expect(await attempt(user.username, user.password, from)).toHaveProperty('access');

    // Both kinds of security event were logged, naming the address, never the password or the username.
    const events = logs().map((line) => line.event);
    expect(events).toContain('login_failed');
    expect(events).toContain('login_throttled');
    expect(JSON.stringify(logs())).not.toContain(user.password);
    expect(JSON.stringify(logs())).not.toContain(user.username);
  });

  it('a success ends the run: failures must be consecutive, and the success leaves no count behind', async () => {
    const user = newUser();
    await register(user, REGISTERING);
    const from = freshIp();
    for (let i = 0; i < 4; i += 1) await attempt(user.username, 'wrong-password', from);
    expect(await attempt(user.username, user.password, from)).toHaveProperty('access');
    const counts = await countersOf(user.username, from.sourceIp);
    expect(counts.pair).toBeUndefined();
    // The success took its own attempt back; the four failures stay on the wider counters.
    expect(counts.address?.attempts).toBe(4);
    expect(counts.account?.attempts).toBe(4);
    for (let i = 0; i < 4; i += 1) await attempt(user.username, 'wrong-password', from);
    expect(await attempt(user.username, user.password, from)).toHaveProperty('access');
  });

  it('keeps the owner at another address logging in while a guesser at one address keeps failing for an hour', async () => {
    const user = newUser();
    await register(user, REGISTERING);
    const attacker = freshIp();
    const owner = freshIp();
    // The guesser tries every 30 seconds; the owner logs in every 5 minutes.
    for (let second = 0; second < 3600; second += 30) {
      at(second * 1000);
      await attempt(user.username, `guess-${second}`, attacker);
      if (second % 300 === 0) expect(await attempt(user.username, user.password, owner)).toHaveProperty('access');
    }
    expect(await attempt(user.username, 'one-more-guess', attacker)).toBeInstanceOf(TooManyAttempts);
  });
});

describe('per-address limit (password spraying)', () => {
  it('counts every failure of a burst from one address on the address counter, forgotten counter or not', async () => {
    const from = freshIp();
    const spray = () => Promise.all(Array.from({ length: 9 }, (_, i) => attempt(`victim${i}x${Date.now()}`, 'Summer2026!', from)));
    expect(tally(await spray())).toEqual({ 401: 9 });
    expect((await countersOf('anyone', from.sourceIp)).address?.attempts).toBe(9);
    // Long after, the count is forgotten: the next burst restarts it without losing any of its own.
    at(3 * 3600_000);
    expect(tally(await spray())).toEqual({ 401: 9 });
    expect((await countersOf('anyone', from.sourceIp)).address?.attempts).toBe(9);
  });

  it('locks an address that fails across many accounts, and only that address', async () => {
    const user = newUser();
    await register(user, REGISTERING);
    const sprayer = freshIp();
    for (let i = 0; i < 10; i += 1) expect(await attempt(`victim${i}x${Date.now()}`, 'Summer2026!', sprayer)).toBeInstanceOf(InvalidCredentials);
    expect(await attempt(user.username, user.password, sprayer)).toBeInstanceOf(TooManyAttempts);
    expect(await attempt(user.username, user.password, freshIp())).toHaveProperty('access');
  });
});

describe('per-account limit (distributed guessing)', () => {
  it('locks the account everywhere after LOGIN_ACCOUNT_MAX_FAILURES (50) from many addresses, briefly and without escalating', async () => {
    const user = newUser();
    await register(user, REGISTERING);
    for (let i = 0; i < 50; i += 1) expect(await attempt(user.username, `guess-${i}`, freshIp())).toBeInstanceOf(InvalidCredentials);
    const owner = freshIp();
    const locked = await attempt(user.username, user.password, owner);
    expect((locked as TooManyAttempts).retryAfterSeconds).toBe(60);
    // The owner's refused attempt was counted nowhere: the owner's own pair count was taken back.
    expect((await countersOf(user.username, owner.sourceIp)).pair?.attempts ?? 0).toBe(0);

    at(60_000);
    expect(await attempt(user.username, 'guess-again', freshIp())).toBeInstanceOf(InvalidCredentials);
    at(61_000);
    // The same short lock again, not a longer one.
    expect(((await attempt(user.username, user.password, owner)) as TooManyAttempts).retryAfterSeconds).toBe(59);
    at(121_000);
    expect(await attempt(user.username, user.password, owner)).toHaveProperty('access');
  });
});
