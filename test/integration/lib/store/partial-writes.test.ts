// Failure injected between the steps of each write path (after its reads, at its write):
// nothing is half-written, and no token is issued.
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { logout } from '../../../../lib/auth/logout';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { ServiceUnavailable } from '../../../../lib/errors';
import { createStore } from '../../../../lib/store';
import { usernameKey } from '../../../../lib/users/username';
import { stackSettings, testContext, testDb } from '../../../support/context';
import { newUser } from '../../../support/http';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

// The store's client is the one failures are injected into.
const db = testDb();
const ctx = testContext({ ROTATE_REFRESH_TOKENS: 'true' }, { store: createStore(stackSettings(), db) });
const findLoginItem = (key: string) => ctx.store.users.findLoginItem(key);
afterEach(() => vi.restoreAllMocks());

/** Every item in the user's partition (profile, sessions, refresh tokens), as plain data. */
async function partition(userId: number) {
  const { Items = [] } = await db.client.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `USER#${userId}` },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** Lets every command through except the first of `kind` (by default a transaction), which fails like a dropped connection. */
function failNextWrite(kind: new (...args: never[]) => unknown = TransactWriteCommand) {
  const client = db.client;
  const send = client.send.bind(client);
  return vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof kind) {
      vi.mocked(client.send).mockImplementation(send as never);
      throw new ServiceUnavailable('injected failure');
    }
    return send(command as never);
  }) as never);
}

const userId = (token: string) => Number(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub);

describe('a failure between the steps of', () => {
  it('register (after the id is taken) leaves no user, marker, session or token', async () => {
    const user = newUser();
    failNextWrite();
    await expect(register(ctx, user, REGISTERING)).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(await findLoginItem(usernameKey(user.username))).toBeUndefined();
    // The same registration then succeeds: no marker was left behind to block it.
    await expect(register(ctx, user, REGISTERING)).resolves.toHaveProperty('pk');
  });

  it('login (after the password check) leaves no session and issues no token', async () => {
    const user = newUser();
    const { pk } = await register(ctx, user, REGISTERING);
    const before = await partition(pk);
    // Login's one write: its token, on condition that the account is still active.
    failNextWrite();
    await expect(login(ctx, { username: user.username, password: user.password }, { sourceIp: '198.51.100.8' })).rejects.toBeInstanceOf(
      ServiceUnavailable,
    );
    expect(await partition(pk)).toEqual(before);
  });

  it('refresh with rotation (after the read) neither supersedes the token nor records a successor', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const before = await partition(userId(tokens.refresh));
    failNextWrite();
    await expect(refresh(ctx, { refresh: tokens.refresh })).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(await partition(userId(tokens.refresh))).toEqual(before);
    // Nothing was spent: the same token still rotates.
    await expect(refresh(ctx, { refresh: tokens.refresh })).resolves.toHaveProperty('refresh');
  });

  it('logout (after verification) revokes nothing, so the logout can be retried', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const before = await partition(userId(tokens.refresh));
    failNextWrite();
    await expect(logout(ctx, { refresh_token: tokens.refresh, all: false })).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(await partition(userId(tokens.refresh))).toEqual(before);
    await expect(logout(ctx, { refresh_token: tokens.refresh, all: false })).resolves.toBeUndefined();
  });
});
