// Brute force against DynamoDB Local with the clock frozen: locks that grow and expire by
// themselves, and a per-address limit against password spraying.
import { describe, expect, it } from 'vitest';
import { login } from '../../../lib/auth/login';
import { register } from '../../../lib/auth/register';
import { InvalidCredentials, TooManyAttempts } from '../../../lib/errors';
import { frozenClock } from '../../support/clock';
import { captureLogs } from '../../support/logs';
import { newUser } from '../../support/http';

const at = frozenClock(Date.parse('2026-11-24T15:00:00Z'), { LOGIN_IP_MAX_FAILURES: '10', LOG_LEVEL: 'info' });
let ipCounter = 0;
// Every test its own address, so per-address counts never leak between tests.
const freshIp = () => ({ sourceIp: `192.0.2.${(ipCounter += 1)}` });

const attempt = (username: string, password: string, from: { sourceIp: string }) => login({ username, password }, from).catch((e: unknown) => e);

describe('per-account lockout', () => {
  it('locks after 5 failures, unlocks by itself, then locks twice as long after the next failure', async () => {
    const logs = captureLogs();
    const user = newUser();
    await register(user);
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

    // Both kinds of security event were logged, naming the address, never the password.
    const events = logs().map((line) => line.event);
    expect(events).toContain('login_failed');
    expect(events).toContain('login_throttled');
    expect(JSON.stringify(logs())).not.toContain(user.password);
  });

  it('a success resets the count: failures must be consecutive', async () => {
    const user = newUser();
    await register(user);
    const from = freshIp();
    for (let i = 0; i < 4; i += 1) await attempt(user.username, 'wrong-password', from);
    expect(await attempt(user.username, user.password, from)).toHaveProperty('access');
    for (let i = 0; i < 4; i += 1) await attempt(user.username, 'wrong-password', from);
    expect(await attempt(user.username, user.password, from)).toHaveProperty('access');
  });
});

describe('per-address limit (password spraying)', () => {
  it('locks an address that fails across many accounts, and only that address', async () => {
    const user = newUser();
    await register(user);
    const sprayer = freshIp();
    for (let i = 0; i < 10; i += 1) expect(await attempt(`victim${i}x${Date.now()}`, 'Summer2026!', sprayer)).toBeInstanceOf(InvalidCredentials);
    expect(await attempt(user.username, user.password, sprayer)).toBeInstanceOf(TooManyAttempts);
    expect(await attempt(user.username, user.password, freshIp())).toHaveProperty('access');
  });
});
