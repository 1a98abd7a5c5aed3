// DynamoDB round trips per use case, counted at the SDK client (the budget of docs/data-model.md).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { login } from '../../../lib/auth/login';
import { logout } from '../../../lib/auth/logout';
import { me } from '../../../lib/auth/me';
import { refresh } from '../../../lib/auth/refresh';
import { register } from '../../../lib/auth/register';
import { resetConfig } from '../../../lib/config';
import { documentClient } from '../../../lib/store/client';
import { useStackEnv } from '../../support/env';
import { newUser } from '../../support/http';

beforeAll(() => useStackEnv());
afterEach(() => vi.restoreAllMocks());

async function commandsOf(action: () => Promise<unknown>): Promise<string[]> {
  const send = vi.spyOn(documentClient(), 'send');
  await action().catch(() => undefined);
  const names = send.mock.calls.map(([command]) => command.constructor.name);
  send.mockRestore();
  return names;
}

const roundTrips = async (action: () => Promise<unknown>) => (await commandsOf(action)).length;

describe('DynamoDB round trips', () => {
  it('register 2, login 2 (right or wrong password), refresh 1, me 1, logout 1', async () => {
    const user = newUser();
    const from = { sourceIp: '198.51.100.20' };
    let tokens = { refresh: '', access: '' };
    expect(await roundTrips(async () => ({ tokens } = await register(user)))).toBe(2);
    expect(await roundTrips(() => login({ username: user.username, password: user.password }, from))).toBe(2);
    expect(await roundTrips(() => login({ username: user.username, password: 'wrong-password' }, from))).toBe(2);
    expect(await roundTrips(() => refresh({ refresh: tokens.refresh }))).toBe(1);
    expect(await roundTrips(() => me(tokens.access))).toBe(1);
    expect(await roundTrips(() => logout({ refresh_token: tokens.refresh, all: false }))).toBe(1);
  });

  it('a login with no failures on record writes one item, its refresh token, without a transaction', async () => {
    const user = newUser();
    await register(user);
    const commands = await commandsOf(() => login({ username: user.username, password: user.password }, { sourceIp: '198.51.100.22' }));
    expect(commands).toEqual(['BatchGetCommand', 'PutCommand']);
  });

  it('a locked login costs 1; refresh with rotation costs 2; logout everywhere costs 1', async () => {
    const user = newUser();
    const from = { sourceIp: '198.51.100.21' };
    const { tokens } = await register(user);
    for (let i = 0; i < 5; i += 1) await login({ username: user.username, password: 'wrong-password' }, from).catch(() => undefined);
    expect(await roundTrips(() => login({ username: user.username, password: user.password }, from))).toBe(1);

    useStackEnv({ ROTATE_REFRESH_TOKENS: 'true' });
    let rotated = '';
    expect(await roundTrips(async () => ({ refresh: rotated } = (await refresh({ refresh: tokens.refresh })) as { refresh: string }))).toBe(2);
    expect(await roundTrips(() => logout({ refresh_token: rotated, all: true }))).toBe(1);
    resetConfig();
  });
});
