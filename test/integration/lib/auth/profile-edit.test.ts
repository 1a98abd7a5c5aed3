// The profile edit use case against DynamoDB Local: renames racing each other leave exactly one
// holder of each name and no orphan marker; a rename racing a password check leaves no token.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { editProfile } from '../../../../lib/auth/profile-edit';
import { register } from '../../../../lib/auth/register';
import { ErrorCode } from '../../../../lib/errors';
import { keys } from '../../../../lib/store/keys';
import { usernameKey } from '../../../../lib/users/username';
import { testDb, testFilesContext } from '../../../support/context';
import { newUser } from '../../../support/http';

const ctx = testFilesContext();
const db = testDb();
const REGISTERING = { sourceIp: '192.0.2.252' };
const PATCH = { replace: false };

const marker = async (username: string) =>
  (await db.client.send(new GetCommand({ TableName: db.table, Key: keys.username(usernameKey(username)), ConsistentRead: true }))).Item;
const codeOf = (result: PromiseSettledResult<unknown>) => (result.status === 'fulfilled' ? 'ok' : (result.reason as { code: string }).code);

describe('editProfile', () => {
  it(
    '20 users renaming themselves to one free name at once: exactly one gets it, the others are told it is taken',
    { timeout: 60_000 },
    async () => {
      const users = [];
      for (let i = 0; i < 20; i += 1) {
        const user = newUser();
        users.push({ user, ...(await register(ctx, user, REGISTERING)) });
      }
      const wanted = newUser().username;
      const results = await Promise.allSettled(users.map(({ tokens }) => editProfile(ctx, tokens.access, { username: wanted }, PATCH)));

      const codes = results.map(codeOf);
      expect(codes.filter((code) => code === 'ok')).toHaveLength(1);
      expect(codes.filter((code) => code === ErrorCode.Validation)).toHaveLength(19);
      for (const r of results) {
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ fields: { username: ['A user with that username already exists.'] } });
      }
      const winner = users[codes.indexOf('ok')]!;
      expect(await marker(wanted)).toMatchObject({ user_id: winner.pk, is_active: true });
      // The winner's old name is free again; every loser still holds (and logs in with) its own.
      expect(await marker(winner.user.username)).toBeUndefined();
      for (const { user, pk } of users.filter((u) => u !== winner)) {
        expect(await marker(user.username)).toMatchObject({ user_id: pk });
        expect((await ctx.store.users.findUser(pk))?.username).toBe(user.username);
      }
      await expect(login(ctx, { username: wanted, password: winner.user.password }, REGISTERING)).resolves.toHaveProperty('access');
      await expect(login(ctx, { username: winner.user.username, password: winner.user.password }, REGISTERING)).rejects.toMatchObject({
        code: ErrorCode.InvalidCredentials,
      });
    },
  );

  it('one user renaming itself 20 ways at once ends with one name, one marker, and no orphan', { timeout: 60_000 }, async () => {
    const user = newUser();
    const { tokens, pk } = await register(ctx, user, REGISTERING);
    const names = Array.from({ length: 20 }, () => newUser().username);
    const results = await Promise.allSettled(names.map((username) => editProfile(ctx, tokens.access, { username }, PATCH)));
    for (const code of results.map(codeOf)) expect(['ok', ErrorCode.Unavailable]).toContain(code);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);

    const final = (await ctx.store.users.findUser(pk))!;
    expect(names).toContain(final.username);
    const held = [];
    for (const name of [user.username, ...names]) if ((await marker(name))?.user_id === pk) held.push(name);
    expect(held).toEqual([final.username]);
  });
});
