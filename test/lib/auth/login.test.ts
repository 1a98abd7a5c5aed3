// The login use case with the store stubbed: equal bcrypt work and one error for every failure,
// failures counted, locks honoured.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidCredentials, ServiceUnavailable, TooManyAttempts } from '../../../lib/errors';
import { useStackEnv } from '../../support/env';

vi.mock('../../../lib/store/login-attempts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/store/login-attempts')>()),
  readLoginState: vi.fn(),
  recordLoginFailure: vi.fn(),
}));
vi.mock('../../../lib/store/sessions', () => ({ startSession: vi.fn() }));
vi.mock('../../../lib/passwords', () => ({
  checkPassword: vi.fn(),
  hashPassword: vi.fn(async () => 'bcrypt_sha256$rehashed'),
  verifyAgainstDummy: vi.fn(async () => false),
}));

const { readLoginState, recordLoginFailure } = await import('../../../lib/store/login-attempts');
const { startSession } = await import('../../../lib/store/sessions');
const passwords = await import('../../../lib/passwords');
const { login } = await import('../../../lib/auth/login');

beforeEach(() => {
  useStackEnv();
  vi.clearAllMocks();
});

const from = { sourceIp: '203.0.113.9' };
const item = { user_id: 5, password_hash: 'bcrypt_sha256$hash', is_active: true };
const bcryptCalls = () => vi.mocked(passwords.checkPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;

describe('login', () => {
  it('issues a pair, records the session and clears the account failures, for the right password', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: item, account: { failures: 2, last_failure_ms: Date.now() } });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    const tokens = await login({ username: 'Ada', password: 'pw' }, from);
    expect(Object.keys(tokens).sort()).toEqual(['access', 'refresh']);
    expect(startSession).toHaveBeenCalledWith(expect.objectContaining({ user_id: 5 }), [expect.objectContaining({ Delete: expect.anything() })]);
  });

  it('writes only the session\'s first token when the account has no failures to clear', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: item });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    await login({ username: 'Ada', password: 'pw' }, from);
    expect(startSession).toHaveBeenCalledWith(expect.objectContaining({ user_id: 5 }), []);
  });

  it('replaces an imported hash in the same write as the session, on condition it is unchanged', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: { ...item, password_hash: 'pbkdf2_sha256$600000$salt$digest' } });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: true });
    await login({ username: 'Ada', password: 'pw' }, from);
    expect(startSession).toHaveBeenCalledWith(expect.anything(), [
      {
        Update: expect.objectContaining({
          Key: { pk: 'USERNAME#ada', sk: 'USERNAME' },
          ConditionExpression: 'password_hash = :verified_hash',
          ExpressionAttributeValues: { ':verified_hash': 'pbkdf2_sha256$600000$salt$digest', ':new_hash': 'bcrypt_sha256$rehashed' },
        }),
      },
    ]);
  });

  it('hands out no tokens when the session cannot be written', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: item });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    vi.mocked(startSession).mockRejectedValueOnce(new ServiceUnavailable('DynamoDB: down'));
    await expect(login({ username: 'Ada', password: 'pw' }, from)).rejects.toBeInstanceOf(ServiceUnavailable);
  });

  it('looks the user up by the folded NFKC username', async () => {
    vi.mocked(readLoginState).mockResolvedValue({});
    await expect(login({ username: 'ＡＤＡ', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(vi.mocked(readLoginState).mock.calls[0]![0]).toBe('ada');
  });

  it('spends exactly one password check on an unknown user, as on a known one', async () => {
    vi.mocked(readLoginState).mockResolvedValue({});
    await expect(login({ username: 'nobody', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
    const unknownCalls = bcryptCalls();

    vi.clearAllMocks();
    vi.mocked(readLoginState).mockResolvedValue({ login: item });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: false, rehash: false });
    await expect(login({ username: 'ada', password: 'wrong' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(bcryptCalls()).toBe(unknownCalls);
  });

  it('spends the same check on a username that cannot exist, without reading a login item', async () => {
    vi.mocked(readLoginState).mockResolvedValue({});
    await expect(login({ username: 'has spaces', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(vi.mocked(readLoginState).mock.calls[0]![0]).toBeUndefined();
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
  });

  it('counts a failure on the account and on the source address, for known and unknown users alike', async () => {
    vi.mocked(readLoginState).mockResolvedValue({});
    await expect(login({ username: 'nobody', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    const [updates] = vi.mocked(recordLoginFailure).mock.calls[0]!;
    expect(updates.map((u) => u.key.pk.split('#')[1])).toEqual(['account', 'ip']);
  });

  it('refuses an inactive user after checking the password, with the same error', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: { ...item, is_active: false } });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    await expect(login({ username: 'ada', password: 'pw' }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.checkPassword).toHaveBeenCalledOnce();
    expect(startSession).not.toHaveBeenCalled();
  });

  it('answers a locked account with TooManyAttempts before any password check, even for the right password', async () => {
    vi.mocked(readLoginState).mockResolvedValue({ login: item, account: { failures: 5, last_failure_ms: Date.now() } });
    vi.mocked(passwords.checkPassword).mockResolvedValue({ matches: true, rehash: false });
    const error = await login({ username: 'ada', password: 'right' }, from).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyAttempts);
    expect((error as TooManyAttempts).retryAfterSeconds).toBe(30);
    expect(bcryptCalls()).toBe(0);
  });
});
