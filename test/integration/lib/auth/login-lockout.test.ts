// Brute force against DynamoDB Local with the clock frozen: locks per (account, address) that grow
// and expire by themselves, an owner elsewhere who is never locked out, and the per-address and
// per-account limits.
import { describe, expect, it } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { loginCounters } from '../../../../lib/auth/login-limits';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';
import { register } from '../../../../lib/auth/register';
import { InvalidCredentials, TooManyAttempts } from '../../../../lib/errors';
import { usernameKey } from '../../../../lib/users/username';
import { testContext } from '../../../support/context';
import { frozenClock, now } from '../../../support/clock';
import { newUser } from '../../../support/http';
import { captureLogs } from '../../../support/logs';
import { outcomesByKind } from '../../../support/outcomes';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

// The default limits, but for spraying (10 per address instead of 100), so tests reach it quickly.
const ctx = testContext({ LOGIN_IP_MAX_FAILURES: '10', LOG_LEVEL: 'info' });
const at = frozenClock(now());
let ipCounter = 0;
// Every test its own addresses, so per-address counts never leak between tests.
const freshIp = () => ({ sourceIp: `192.0.${2 + Math.floor(ipCounter / 250)}.${((ipCounter += 1) % 250) + 1}` });

const attempt = (username: string, password: string, from: { sourceIp: string }) =>
  login(ctx, { username, password }, from).catch((e: unknown) => e);
const tally = (outcomes: unknown[]) => outcomesByKind(outcomes);

async function countersOf(username: string, sourceIp: string) {
  const counters = loginCounters(pseudonyms(await ctx.tokens.pseudonymSecret()), usernameKey(username), sourceIp, ctx.config.loginThrottle);
  return {
    pair: await ctx.store.attempts.readCounter(counters.pair),
    address: await ctx.store.attempts.readCounter(counters.address),
    account: await ctx.store.attempts.readCounter(counters.account),
  };
}

describe('per-(account, address) lockout', () => {
  it('locks after 5 failures, unlocks by itself, then locks twice as long after the next failure', async () => {
    const logs = captureLogs();
    const user = newUser();
    await register(ctx, user, REGISTERING);
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
    await register(ctx, user, REGISTERING);
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

  it('never lets one patient guesser fill the account-wide count: twelve hours of a guess every 5 minutes', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
    const guesser = freshIp();
    // Each time, the owner logs in from somewhere new: no trusted address helps.
    for (let minute = 0; minute < 12 * 60; minute += 5) {
      at(minute * 60_000);
      await attempt(user.username, `guess-${minute}`, guesser);
      if (minute % 120 === 0) expect(await attempt(user.username, user.password, freshIp())).toHaveProperty('access');
    }
    // The pair's lock reached its 15-minute cap; the account's count never came near its limit.
    expect((await countersOf(user.username, guesser.sourceIp)).account?.attempts ?? 0).toBeLessThan(10);
  });

  it('keeps the owner at another address logging in while a guesser at one address keeps failing for an hour', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
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
    await register(ctx, user, REGISTERING);
    const sprayer = freshIp();
    for (let i = 0; i < 10; i += 1)
      expect(await attempt(`victim${i}x${Date.now()}`, 'Summer2026!', sprayer)).toBeInstanceOf(InvalidCredentials);
    expect(await attempt(user.username, user.password, sprayer)).toBeInstanceOf(TooManyAttempts);
    expect(await attempt(user.username, user.password, freshIp())).toHaveProperty('access');
  });
});

describe('per-account limit (distributed guessing)', () => {
  it('locks the account everywhere after LOGIN_ACCOUNT_MAX_FAILURES (50) from many addresses, briefly and without escalating', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
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

  it('never applies at an address the account logged in from lately: the owner at home gets in while guessers hold the lock', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
    const home = freshIp();
    expect(await attempt(user.username, user.password, home)).toHaveProperty('access');
    for (let i = 0; i < 50; i += 1) await attempt(user.username, `guess-${i}`, freshIp());
    expect(await attempt(user.username, user.password, freshIp())).toBeInstanceOf(TooManyAttempts);
    expect(await attempt(user.username, user.password, home)).toHaveProperty('access');
    // Home is still its own pair: five wrong passwords from there lock it like any other.
    for (let i = 0; i < 5; i += 1) await attempt(user.username, `typo-${i}`, home);
    expect(await attempt(user.username, user.password, home)).toBeInstanceOf(TooManyAttempts);
  });

  it('is not re-armed by attempts that other counters refuse: a locked guesser polling does not keep a new device out', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
    const guesser = freshIp();
    // The guesser's own pair, locked longer and longer: until 212 s after it starts.
    for (let i = 0; i < 5; i += 1) await attempt(user.username, `guess-${i}`, guesser);
    at(31_000);
    await attempt(user.username, 'guess-6', guesser);
    at(92_000);
    await attempt(user.username, 'guess-7', guesser);
    // Guessers elsewhere bring the account to its limit: locked for everyone new until 160 s.
    at(100_000);
    for (let i = 0; i < 43; i += 1) await attempt(user.username, `more-${i}`, freshIp());
    const newDevice = freshIp();
    expect(await attempt(user.username, user.password, newDevice)).toBeInstanceOf(TooManyAttempts);
    // The account's lock ends; the guesser keeps polling, refused by its own pair every time.
    for (let second = 161; second <= 200; second += 5) {
      at(second * 1000);
      expect(await attempt(user.username, 'poll', guesser)).toBeInstanceOf(TooManyAttempts);
    }
    at(201_000);
    expect(await attempt(user.username, user.password, newDevice)).toHaveProperty('access');
  });
});
