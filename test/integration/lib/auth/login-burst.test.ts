// Bursts of guesses at the default limits, against DynamoDB Local with the real hashers counted:
// the attempt is counted before the password is checked, so of any burst at most the limit of
// (account, address) attempts reach bcrypt, and no count is lost.
import { describe, expect, it, vi } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { loginCounters } from '../../../../lib/auth/login-limits';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';
import { register } from '../../../../lib/auth/register';
import { TooManyAttempts } from '../../../../lib/errors';
import { usernameKey } from '../../../../lib/users/username';
import { testContext } from '../../../support/context';
import { frozenClock, now } from '../../../support/clock';
import { newUser } from '../../../support/http';
import { outcomesByKind } from '../../../support/outcomes';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

vi.mock('../../../../lib/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../lib/passwords')>();
  return { ...real, checkPassword: vi.fn(real.checkPassword), verifyAgainstDummy: vi.fn(real.verifyAgainstDummy) };
});
const passwords = await import('../../../../lib/passwords');
const passwordChecks = () =>
  vi.mocked(passwords.checkPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;

const ctx = testContext();
frozenClock(now());
let ipCounter = 0;
const freshIp = () => ({ sourceIp: `198.18.0.${(ipCounter += 1)}` });
const attempt = (username: string, password: string, from: { sourceIp: string }) =>
  login(ctx, { username, password }, from).catch((e: unknown) => e);
const burst = (size: number, username: string, from: { sourceIp: string }) =>
  Promise.all(Array.from({ length: size }, (_, i) => attempt(username, `wrong-password-${i}`, from)));

async function pairCount(username: string, sourceIp: string) {
  const { pair } = loginCounters(pseudonyms(await ctx.tokens.pseudonymSecret()), usernameKey(username), sourceIp, ctx.config.loginThrottle);
  return (await ctx.store.attempts.readCounter(pair))?.attempts;
}

describe('a burst of guesses on one account from one address', () => {
  it('lets LOGIN_MAX_FAILURES of 20 simultaneous wrong passwords reach a password check; the rest and then the right one get 429', async () => {
    const user = newUser();
    await register(ctx, user, REGISTERING);
    const from = freshIp();
    vi.mocked(passwords.checkPassword).mockClear();
    vi.mocked(passwords.verifyAgainstDummy).mockClear();
    expect(outcomesByKind(await burst(20, user.username, from))).toEqual({ 401: 5, 429: 15 });
    expect(passwordChecks()).toBe(5);
    expect(await attempt(user.username, user.password, from)).toBeInstanceOf(TooManyAttempts);
    expect(passwordChecks()).toBe(5);
  });

  it('counts both of two bursts of 12 on a fresh account: 5 × 401 and the counter at 5, then nothing but 429', async () => {
    const { username } = newUser();
    const from = freshIp();
    expect(outcomesByKind(await burst(12, username, from))).toEqual({ 401: 5, 429: 7 });
    expect(await pairCount(username, from.sourceIp)).toBe(5);
    expect(outcomesByKind(await burst(12, username, from))).toEqual({ 429: 12 });
    expect(await pairCount(username, from.sourceIp)).toBe(5);
  });
});
