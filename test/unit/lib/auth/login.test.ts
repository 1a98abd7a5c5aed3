// The login use case with the store stubbed: the attempt counted before any password check,
// equal bcrypt work and one error for every failure, locks honoured, the write conditional.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { login } from '../../../../lib/auth/login';
import type { AppContext } from '../../../../lib/context';
import type { AttemptCounter } from '../../../../lib/domain/attempt-counter';
import { InvalidCredentials, ServiceUnavailable, TooManyAttempts } from '../../../../lib/errors';
import type { CountOutcome } from '../../../../lib/store';
import { unitContext } from '../../../support/unit-context';

vi.mock('../../../../lib/passwords', () => ({
  checkPassword: vi.fn(),
  hashPassword: vi.fn(async () => 'bcrypt_sha256$rehashed'),
  verifyAgainstDummy: vi.fn(async () => false),
}));
const passwords = await import('../../../../lib/passwords');

const counted = (counter: AttemptCounter): CountOutcome => ({
  counted: true,
  receipt: { counter, stamp: 's', previousMs: 0, attempts: 1 },
});
const counters = {
  countAttempt: vi.fn(async (list: AttemptCounter[], _nowMs: number) => list.map(counted)),
  takeBack: vi.fn(async (_receipts: { counter: AttemptCounter }[]) => undefined),
  clearCounter: vi.fn(async (_counter: AttemptCounter) => undefined),
  trustAddress: vi.fn(async (_account: string, _address: string, _untilMs: number) => undefined),
};
const recordLoginFailure = vi.fn(async (_usernameKey: string, _userId: number | undefined, _event: unknown) => undefined);
const completeLogin = vi.fn(async (_completion: unknown): Promise<'completed' | 'account_changed'> => 'completed');
const readLoginState = vi.fn(async (_key: string | undefined, _trust: unknown, _nowMs: number) => ({ trusted: false }) as never);
const findLoginItem = { mockResolvedValue: (login: unknown) => readLoginState.mockResolvedValue({ login, trusted: false } as never) };
let ctx: AppContext;

beforeEach(async () => {
  vi.clearAllMocks();
  readLoginState.mockResolvedValue({ trusted: false } as never);
  ctx = await unitContext({
    attempts: counters,
    sessions: { completeLogin },
    loginState: { readLoginState },
    securityLog: { recordLoginFailure },
  });
});

const from = { sourceIp: '203.0.113.9' };
const item = { user_id: 5, password_hash: 'bcrypt_sha256$hash', is_active: true };
const bcryptCalls = () => vi.mocked(passwords.checkPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;
const reserved = () => counters.countAttempt.mock.calls[0]![0];
const lockedOn = (scope: string, lockedForMs: number) =>
  counters.countAttempt.mockImplementationOnce(async (list) =>
    list.map((c) => (c.scope === scope ? { counted: false, lockedForMs } : counted(c))),
  );

function rightPassword() {
  findLoginItem.mockResolvedValue(item);
  vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
}

describe('login', () => {
  it('issues a pair, writes the session (with its device) on condition the account is unchanged, releases the attempt and trusts the address', async () => {
    rightPassword();
    const tokens = await login(ctx, { username: 'Ada', password: 'pw' }, from);
    expect(Object.keys(tokens).sort()).toEqual(['access', 'refresh']);
    expect(completeLogin).toHaveBeenCalledWith({
      token: expect.objectContaining({ user_id: 5 }),
      usernameKey: 'ada',
      rehash: undefined,
      device: { ip: from.sourceIp, user_agent: '', used_ms: expect.any(Number) },
      // The security log's entry rides in the same transaction, with the new session's sid.
      event: expect.objectContaining({ event: 'logged_in', ip: from.sourceIp, sid: expect.stringMatching(/^[0-9a-z]{9}[0-9a-f]{16}$/) }),
    });
    const [pair, address, account] = reserved();
    expect(counters.clearCounter).toHaveBeenCalledWith(pair);
    expect(counters.takeBack.mock.calls[0]![0].map((r) => r.counter)).toEqual([address, account]);
    const trusted = counters.trustAddress.mock.calls[0]!;
    expect(trusted.slice(0, 2)).toEqual([pair!.scope === 'pair' && pair!.account, pair!.scope === 'pair' && pair!.address]);
    expect(trusted[2]).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('counts the attempt on the pair, the address and the account before the password is checked', async () => {
    rightPassword();
    await login(ctx, { username: 'Ada', password: 'pw' }, from);
    expect(reserved().map((c) => c.scope)).toEqual(['pair', 'address', 'account']);
    const countedAt = counters.countAttempt.mock.invocationCallOrder[0]!;
    expect(countedAt).toBeLessThan(vi.mocked(passwords.checkPassword).mock.invocationCallOrder[0]!);
  });

  it('counts every address of one IPv6 /64 on one address counter, and keys no counter by a raw name', async () => {
    findLoginItem.mockResolvedValue(undefined);
    await login(ctx, { username: 'ada', password: 'pw' }, { sourceIp: '2001:db8:1:2::1' }).catch(() => undefined);
    await login(ctx, { username: 'ada', password: 'pw' }, { sourceIp: '2001:db8:1:2:ffff::9' }).catch(() => undefined);
    const [first, second] = counters.countAttempt.mock.calls.map(([c]) => c);
    expect(first).toEqual(second);
    expect(JSON.stringify(first)).not.toMatch(/ada|2001/);
  });

  it("replaces an imported hash in the session's own write, on condition it is unchanged", async () => {
    findLoginItem.mockResolvedValue({ ...item, password_hash: 'pbkdf2_sha256$600000$salt$digest' });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: true });
    await login(ctx, { username: 'Ada', password: 'pw' }, from);
    expect(completeLogin).toHaveBeenCalledWith(
      expect.objectContaining({ rehash: { verified: 'pbkdf2_sha256$600000$salt$digest', replacement: 'bcrypt_sha256$rehashed' } }),
    );
  });

  it('hands out no tokens when the session cannot be written', async () => {
    rightPassword();
    completeLogin.mockRejectedValueOnce(new ServiceUnavailable('DynamoDB: down'));
    await expect(login(ctx, { username: 'Ada', password: 'pw' }, from)).rejects.toBeInstanceOf(ServiceUnavailable);
  });

  it('hands out no tokens when the account was deactivated while its password was checked', async () => {
    rightPassword();
    completeLogin.mockResolvedValueOnce('account_changed');
    await expect(login(ctx, { username: 'Ada', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
  });

  it('looks the user up by the folded NFKC username', async () => {
    findLoginItem.mockResolvedValue(undefined);
    await expect(login(ctx, { username: 'ＡＤＡ', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(readLoginState.mock.calls[0]![0]).toBe('ada');
  });

  it('spends exactly one password check and one event write on an unknown user, as on a known one, and nothing else', async () => {
    findLoginItem.mockResolvedValue(undefined);
    await expect(login(ctx, { username: 'nobody', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
    const unknownCalls = bcryptCalls();
    // The same write, which the store refuses for want of an account.
    expect(recordLoginFailure).toHaveBeenCalledWith('nobody', undefined, expect.objectContaining({ event: 'login_failed' }));

    vi.clearAllMocks();
    findLoginItem.mockResolvedValue(item);
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: false, rehash: false });
    await expect(login(ctx, { username: 'ada', password: 'wrong' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(bcryptCalls()).toBe(unknownCalls);
    expect(recordLoginFailure).toHaveBeenCalledExactlyOnceWith(
      'ada',
      5,
      expect.objectContaining({ event: 'login_failed', ip: '203.0.113.9', expires_at: expect.any(Number) }),
    );
    // The failure stays counted: nothing is released, no session is written.
    expect(counters.clearCounter).not.toHaveBeenCalled();
    expect(counters.takeBack).not.toHaveBeenCalled();
    expect(completeLogin).not.toHaveBeenCalled();
  });

  it('counts and checks a username that cannot exist the same way, without reading a login item', async () => {
    await expect(login(ctx, { username: 'has spaces', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(readLoginState.mock.calls[0]![0]).toBeUndefined();
    expect(counters.countAttempt).toHaveBeenCalledOnce();
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
  });

  it("records a failure that starts a lock of the account as 'locked'", async () => {
    const pairLimit = ctx.config.loginThrottle.maxFailures;
    counters.countAttempt.mockImplementationOnce(async (list) =>
      list.map((c) => ({
        counted: true,
        receipt: { counter: c, stamp: 's', previousMs: 0, attempts: c.scope === 'pair' ? pairLimit : 1 },
      })),
    );
    findLoginItem.mockResolvedValue(item);
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: false, rehash: false });
    await expect(login(ctx, { username: 'ada', password: 'wrong' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(recordLoginFailure).toHaveBeenCalledWith('ada', 5, expect.objectContaining({ event: 'locked' }));
  });

  it('answers a failed login the same when its event cannot be written', async () => {
    recordLoginFailure.mockRejectedValueOnce(new ServiceUnavailable('throttled'));
    findLoginItem.mockResolvedValue(item);
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: false, rehash: false });
    await expect(login(ctx, { username: 'ada', password: 'wrong' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
  });

  it('refuses an inactive user after checking the password, with the same error', async () => {
    findLoginItem.mockResolvedValue({ ...item, is_active: false });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    await expect(login(ctx, { username: 'ada', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.checkPassword).toHaveBeenCalledOnce();
    expect(completeLogin).not.toHaveBeenCalled();
  });

  it('answers a locked pair with TooManyAttempts before any password check, even for the right password, and takes the other counts back', async () => {
    rightPassword();
    lockedOn('pair', 29_001);
    const error = await login(ctx, { username: 'ada', password: 'right' }, from).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttempts);
    expect((error as TooManyAttempts).retryAfterSeconds).toBe(30);
    expect(bcryptCalls()).toBe(0);
    expect(completeLogin).not.toHaveBeenCalled();
    expect(counters.takeBack.mock.calls[0]![0].map((r) => r.counter.scope)).toEqual(['address', 'account']);
  });

  it('lets the account-wide lock pass at an address the account logged in from lately, and only there', async () => {
    rightPassword();
    lockedOn('account', 60_000);
    await expect(login(ctx, { username: 'ada', password: 'right' }, from)).rejects.toBeInstanceOf(TooManyAttempts);
    readLoginState.mockResolvedValue({ login: item, trusted: true } as never);
    lockedOn('account', 60_000);
    await expect(login(ctx, { username: 'ada', password: 'right' }, from)).resolves.toHaveProperty('access');
    // A trusted address still has its own pair's limit.
    lockedOn('pair', 30_000);
    await expect(login(ctx, { username: 'ada', password: 'right' }, from)).rejects.toBeInstanceOf(TooManyAttempts);
  });
});
