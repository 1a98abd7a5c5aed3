// The login use case with the store stubbed: the attempt counted before any password check,
// equal bcrypt work and one error for every failure, locks honoured, the write conditional.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidCredentials, ServiceUnavailable, TooManyAttempts } from '../../../lib/errors';
import { useStackEnv } from '../../support/env';

vi.mock('../../../lib/store/attempt-counters', () => ({
  reserveAttempt: vi.fn(async () => ({ reserved: true })),
  clearCounter: vi.fn(async () => undefined),
  giveBackAttempt: vi.fn(async () => undefined),
}));
vi.mock('../../../lib/store/sessions', () => ({ completeLogin: vi.fn(async () => 'completed') }));
vi.mock('../../../lib/store/users', () => ({ findLoginItem: vi.fn() }));
vi.mock('../../../lib/passwords', () => ({
  checkPassword: vi.fn(),
  hashPassword: vi.fn(async () => 'bcrypt_sha256$rehashed'),
  verifyAgainstDummy: vi.fn(async () => false),
}));

const counters = await import('../../../lib/store/attempt-counters');
const { completeLogin } = await import('../../../lib/store/sessions');
const { findLoginItem } = await import('../../../lib/store/users');
const passwords = await import('../../../lib/passwords');
const { login } = await import('../../../lib/auth/login');

beforeEach(() => {
  useStackEnv();
  vi.clearAllMocks();
});

const from = { sourceIp: '203.0.113.9' };
const item = { user_id: 5, password_hash: 'bcrypt_sha256$hash', is_active: true };
const bcryptCalls = () => vi.mocked(passwords.checkPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;
const reserved = () => vi.mocked(counters.reserveAttempt).mock.calls[0]![0];

function rightPassword() {
  vi.mocked(findLoginItem).mockResolvedValue(item);
  vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
}

describe('login', () => {
  it('issues a pair, writes the session on condition the account is unchanged, and releases the attempt', async () => {
    rightPassword();
    const tokens = await login({ username: 'Ada', password: 'pw' }, from);
    expect(Object.keys(tokens).sort()).toEqual(['access', 'refresh']);
    expect(completeLogin).toHaveBeenCalledWith({ token: expect.objectContaining({ user_id: 5 }), usernameKey: 'ada', rehash: undefined });
    const [pair, address, account] = reserved();
    expect(counters.clearCounter).toHaveBeenCalledWith(pair);
    expect(vi.mocked(counters.giveBackAttempt).mock.calls.map(([c]) => c)).toEqual([address, account]);
  });

  it('counts the attempt on the pair, the address and the account before the password is checked', async () => {
    rightPassword();
    await login({ username: 'Ada', password: 'pw' }, from);
    expect(reserved().map((c) => c.scope)).toEqual(['pair', 'address', 'account']);
    const counted = vi.mocked(counters.reserveAttempt).mock.invocationCallOrder[0]!;
    expect(counted).toBeLessThan(vi.mocked(passwords.checkPassword).mock.invocationCallOrder[0]!);
  });

  it('counts every address of one IPv6 /64 on one address counter, and keys no counter by a raw name', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(undefined);
    await login({ username: 'ada', password: 'pw' }, { sourceIp: '2001:db8:1:2::1' }).catch(() => undefined);
    await login({ username: 'ada', password: 'pw' }, { sourceIp: '2001:db8:1:2:ffff::9' }).catch(() => undefined);
    const [first, second] = vi.mocked(counters.reserveAttempt).mock.calls.map(([c]) => c);
    expect(first).toEqual(second);
    expect(JSON.stringify(first)).not.toMatch(/ada|2001/);
  });

  it('replaces an imported hash in the session\'s own write, on condition it is unchanged', async () => {
    vi.mocked(findLoginItem).mockResolvedValue({ ...item, password_hash: 'pbkdf2_sha256$600000$salt$digest' });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: true });
    await login({ username: 'Ada', password: 'pw' }, from);
    expect(completeLogin).toHaveBeenCalledWith(
      expect.objectContaining({ rehash: { verified: 'pbkdf2_sha256$600000$salt$digest', replacement: 'bcrypt_sha256$rehashed' } }),
    );
  });

  it('hands out no tokens when the session cannot be written', async () => {
    rightPassword();
    vi.mocked(completeLogin).mockRejectedValueOnce(new ServiceUnavailable('DynamoDB: down'));
    await expect(login({ username: 'Ada', password: 'pw' }, from)).rejects.toBeInstanceOf(ServiceUnavailable);
  });

  it('hands out no tokens when the account was deactivated while its password was checked', async () => {
    rightPassword();
    vi.mocked(completeLogin).mockResolvedValueOnce('account_changed');
    await expect(login({ username: 'Ada', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
  });

  it('looks the user up by the folded NFKC username', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(undefined);
    await expect(login({ username: 'ＡＤＡ', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(vi.mocked(findLoginItem).mock.calls[0]![0]).toBe('ada');
  });

  it('spends exactly one password check on an unknown user, as on a known one, and writes nothing after it', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(undefined);
    await expect(login({ username: 'nobody', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
    const unknownCalls = bcryptCalls();

    vi.clearAllMocks();
    vi.mocked(findLoginItem).mockResolvedValue(item);
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: false, rehash: false });
    await expect(login({ username: 'ada', password: 'wrong' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(bcryptCalls()).toBe(unknownCalls);
    // The failure stays counted: nothing is released, no session is written.
    expect(counters.clearCounter).not.toHaveBeenCalled();
    expect(counters.giveBackAttempt).not.toHaveBeenCalled();
    expect(completeLogin).not.toHaveBeenCalled();
  });

  it('counts and checks a username that cannot exist the same way, without reading a login item', async () => {
    await expect(login({ username: 'has spaces', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(findLoginItem).not.toHaveBeenCalled();
    expect(counters.reserveAttempt).toHaveBeenCalledOnce();
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
  });

  it('refuses an inactive user after checking the password, with the same error', async () => {
    vi.mocked(findLoginItem).mockResolvedValue({ ...item, is_active: false });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    await expect(login({ username: 'ada', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.checkPassword).toHaveBeenCalledOnce();
    expect(completeLogin).not.toHaveBeenCalled();
  });

  it('answers a locked counter with TooManyAttempts before any password check, even for the right password', async () => {
    rightPassword();
    vi.mocked(counters.reserveAttempt).mockResolvedValueOnce({ reserved: false, retryAfterMs: 29_001 });
    const error = await login({ username: 'ada', password: 'right' }, from).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttempts);
    expect((error as TooManyAttempts).retryAfterSeconds).toBe(30);
    expect(bcryptCalls()).toBe(0);
    expect(completeLogin).not.toHaveBeenCalled();
  });
});
