// The login use case with the store stubbed: equal bcrypt work and one error for every failure.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidCredentials } from '../../../lib/errors';
import { useStackEnv } from '../../support/env';

vi.mock('../../../lib/store/users', () => ({ findLoginItem: vi.fn() }));
vi.mock('../../../lib/store/sessions', () => ({ startSession: vi.fn() }));
vi.mock('../../../lib/passwords', () => ({ verifyPassword: vi.fn(), verifyAgainstDummy: vi.fn(async () => false) }));

const { findLoginItem } = await import('../../../lib/store/users');
const { startSession } = await import('../../../lib/store/sessions');
const passwords = await import('../../../lib/passwords');
const { login } = await import('../../../lib/auth/login');

beforeEach(() => {
  useStackEnv();
  vi.clearAllMocks();
});

const item = { user_id: 5, password_hash: 'bcrypt_sha256$hash', is_active: true };
const bcryptCalls = () => vi.mocked(passwords.verifyPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;

describe('login', () => {
  it('issues a pair and records the refresh token for the right password', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(item);
    vi.mocked(passwords.verifyPassword).mockResolvedValue(true);
    const tokens = await login({ username: 'Ada', password: 'pw' });
    expect(Object.keys(tokens).sort()).toEqual(['access', 'refresh']);
    expect(startSession).toHaveBeenCalledWith(expect.objectContaining({ user_id: 5 }), expect.objectContaining({ user_id: 5 }));
  });

  it('looks the user up by the folded NFKC username', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(undefined);
    await expect(login({ username: 'ＡＤＡ', password: 'pw' })).rejects.toBeInstanceOf(InvalidCredentials);
    expect(findLoginItem).toHaveBeenCalledWith('ada');
  });

  it('spends exactly one password check on an unknown user, as on a known one', async () => {
    vi.mocked(findLoginItem).mockResolvedValue(undefined);
    await expect(login({ username: 'nobody', password: 'pw' })).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
    const unknownCalls = bcryptCalls();

    vi.clearAllMocks();
    vi.mocked(findLoginItem).mockResolvedValue(item);
    vi.mocked(passwords.verifyPassword).mockResolvedValue(false);
    await expect(login({ username: 'ada', password: 'wrong' })).rejects.toBeInstanceOf(InvalidCredentials);
    expect(bcryptCalls()).toBe(unknownCalls);
  });

  it('spends the same check on a username that cannot exist, without a lookup', async () => {
    await expect(login({ username: 'has spaces', password: 'pw' })).rejects.toBeInstanceOf(InvalidCredentials);
    expect(findLoginItem).not.toHaveBeenCalled();
    expect(passwords.verifyAgainstDummy).toHaveBeenCalledOnce();
  });

  it('refuses an inactive user after checking the password, with the same error', async () => {
    vi.mocked(findLoginItem).mockResolvedValue({ ...item, is_active: false });
    vi.mocked(passwords.verifyPassword).mockResolvedValue(true);
    await expect(login({ username: 'ada', password: 'pw' })).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.verifyPassword).toHaveBeenCalledOnce();
    expect(startSession).not.toHaveBeenCalled();
  });
});
