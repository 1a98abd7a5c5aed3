// Deactivation ends sessions (as logout everywhere does), reactivation revives none, and a
// deactivation landing while a login checks the password leaves that login with no token.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { InvalidCredentials, TokenInvalid } from '../../../../lib/errors';
import { usernameKey } from '../../../../lib/users/username';
import { testContext } from '../../../support/context';
import { newUser } from '../../../support/http';

vi.mock('../../../../lib/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../lib/passwords')>();
  return { ...real, checkPassword: vi.fn(real.checkPassword) };
});
const passwords = await import('../../../../lib/passwords');

const ctx = testContext();

beforeEach(() => {
  vi.mocked(passwords.checkPassword).mockClear();
});

const REGISTERING = { sourceIp: '192.0.2.252' };
const from = { sourceIp: '198.51.100.90' };

describe('deactivating a user', () => {
  it('ends every session, and reactivation revives none of them; a new login works again', async () => {
    const user = newUser();
    const { pk, tokens } = await register(ctx, user, REGISTERING);
    const laptop = await login(ctx, { username: user.username, password: user.password }, from);
    await expect(refresh(ctx, { refresh: tokens.refresh })).resolves.toHaveProperty('access');

    await ctx.store.users.setUserActive(pk, usernameKey(user.username), false);
    await expect(refresh(ctx, { refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);

    await ctx.store.users.setUserActive(pk, usernameKey(user.username), true);
    for (const old of [tokens.refresh, laptop.refresh]) await expect(refresh(ctx, { refresh: old })).rejects.toBeInstanceOf(TokenInvalid);
    const fresh = await login(ctx, { username: user.username, password: user.password }, from);
    await expect(refresh(ctx, { refresh: fresh.refresh })).resolves.toHaveProperty('access');
  });

  it('while a login is checking the password: that login gets no token at all', async () => {
    const user = newUser();
    const { pk } = await register(ctx, user, REGISTERING);
    const real = (await vi.importActual<typeof import('../../../../lib/passwords')>('../../../../lib/passwords')).checkPassword;
    // The deactivation commits after the login read the account and before it writes the session.
    vi.mocked(passwords.checkPassword).mockImplementationOnce(async (...args) => {
      const check = await real(...args);
      await ctx.store.users.setUserActive(pk, usernameKey(user.username), false);
      return check;
    });
    await expect(login(ctx, { username: user.username, password: user.password }, from)).rejects.toBeInstanceOf(InvalidCredentials);
    expect(passwords.checkPassword).toHaveBeenCalledOnce();
  });

  it('right after a login wrote its session: reactivation does not revive that session either', async () => {
    const user = newUser();
    const { pk } = await register(ctx, user, REGISTERING);
    const racing = await login(ctx, { username: user.username, password: user.password }, from);
    await ctx.store.users.setUserActive(pk, usernameKey(user.username), false);
    await ctx.store.users.setUserActive(pk, usernameKey(user.username), true);
    await expect(refresh(ctx, { refresh: racing.refresh })).rejects.toBeInstanceOf(TokenInvalid);
  });
});
