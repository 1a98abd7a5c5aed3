// Erasure under races, in-process against the local stack: deletes racing refreshes (with
// rotation), logins and each other; an interrupted erasure resumed; a marked account that no token
// or login can use.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { deleteAccount } from '../../../../lib/auth/delete-account';
import { eraseAccount } from '../../../../lib/auth/erasure';
import { login } from '../../../../lib/auth/login';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { InvalidCredentials, TokenInvalid } from '../../../../lib/errors';
import { emailKey } from '../../../../lib/users/email';
import { usernameKey } from '../../../../lib/users/username';
import { keys } from '../../../../lib/store/keys';
import { testDb, testFilesContext } from '../../../support/context';
import { itemsOfUser } from '../../../support/erased';
import { newUser } from '../../../support/http';

const ctx = testFilesContext({ ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '10' });
const from = (n: number) => ({ sourceIp: `198.51.100.${n}`, userAgent: 'Erasure/1.0' });

async function account(sessions: number) {
  const user = newUser();
  const { pk, tokens } = await register(ctx, user, from(200));
  const logins = await Promise.all(
    Array.from({ length: sessions }, (_, i) => login(ctx, { username: user.username, password: user.password }, from(201 + i))),
  );
  const subject = { userId: pk, username: user.username, usernameKey: usernameKey(user.username), email: user.email };
  return { user, pk, subject, refreshTokens: [tokens.refresh, ...logins.map((l) => l.refresh)], access: tokens.access };
}

const kinds = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).constructor.name)).sort();

describe('erasing an account', () => {
  it(
    'two deletes racing 10 refreshes and 10 logins: the account is erased, no token issued in the race works, nothing is left',
    { timeout: 60_000 },
    async () => {
      const { user, subject, refreshTokens, access } = await account(4);
      const racing = await Promise.allSettled([
        deleteAccount(ctx, access, { current_password: user.password }),
        deleteAccount(ctx, access, { current_password: user.password }),
        ...Array.from({ length: 10 }, (_, i) => refresh(ctx, { refresh: refreshTokens[i % refreshTokens.length]! }, from(210 + i))),
        ...Array.from({ length: 10 }, (_, i) => login(ctx, { username: user.username, password: user.password }, from(220 + i))),
      ]);
      const [deletes, refreshes, logins] = [racing.slice(0, 2), racing.slice(2, 12), racing.slice(12)];
      // The first delete erases; the second either erased alongside it or found the account gone.
      expect(deletes.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      for (const r of deletes) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TokenInvalid);
      for (const kind of kinds(refreshes)) expect(['ok', 'TokenInvalid']).toContain(kind);
      for (const kind of kinds(logins)) expect(['ok', 'InvalidCredentials', 'TooManyAttempts']).toContain(kind);

      // Whatever the race handed out before the erasure's first write no longer works.
      const issued = [...refreshes, ...logins].flatMap((r) =>
        r.status === 'fulfilled' && (r.value as { refresh?: string }).refresh ? [(r.value as { refresh: string }).refresh] : [],
      );
      for (const token of [...refreshTokens, ...issued]) {
        await expect(refresh(ctx, { refresh: token }, from(230))).rejects.toBeInstanceOf(TokenInvalid);
      }
      await expect(login(ctx, { username: user.username, password: user.password }, from(231))).rejects.toBeInstanceOf(InvalidCredentials);
      // No item names the user, their partition, username or email. A login that lost the race
      // counts its attempt against the name (keyed by its pseudonym), as for any name nobody holds.
      const left = await itemsOfUser(subject);
      expect(left.filter((item) => !String(item.pk).startsWith('LOGIN_ATTEMPTS#account#'))).toEqual([]);
      for (const item of left) expect(item).not.toHaveProperty('user_id');
    },
  );

  it('an erasure interrupted after its first write: no token works, and running it again finishes it', async () => {
    const { user, pk, subject, refreshTokens, access } = await account(2);
    const profile = (await ctx.store.users.findUser(pk))!;
    // Only the first step: what a crash right after it leaves.
    expect(await ctx.store.erasure.markDeleted({ ...profile, username_key: usernameKey(user.username) }, Date.now())).toBe('marked');
    for (const token of refreshTokens) await expect(refresh(ctx, { refresh: token }, from(240))).rejects.toBeInstanceOf(TokenInvalid);
    await expect(login(ctx, { username: user.username, password: user.password }, from(241))).rejects.toBeInstanceOf(InvalidCredentials);
    expect(await ctx.store.users.findUser(pk)).toMatchObject({ is_active: false, deleted_ms: expect.any(Number) });

    // The owner asking again (with a still valid access token) resumes it; so would an operator.
    await deleteAccount(ctx, access, { current_password: 'whatever, it was proven' });
    expect(await itemsOfUser(subject)).toEqual([]);
    expect(await eraseAccount(ctx, pk)).toEqual({ outcome: 'no_such_user', items: 0 });
  });

  it("erases the verification items keyed by the address, the current one's and a pending change's, and the verification windows", async () => {
    const { user, pk, subject, access } = await account(0);
    const names = pseudonyms(await ctx.tokens.pseudonymSecret());
    const [current, pending] = [emailKey(user.email), emailKey(`new-${user.email}`)];
    // A change asked for (the profile's pending address), and a mail sent to each address.
    await testDb().client.send(
      new UpdateCommand({
        TableName: ctx.config.tableName,
        Key: keys.user(pk),
        UpdateExpression: 'SET pending_email = :e, pending_email_key = :k',
        ExpressionAttributeValues: { ':e': `new-${user.email}`, ':k': pending },
      }),
    );
    const expires_ms = Date.now() + 3_600_000;
    for (const address of [current, pending])
      expect(
        await ctx.store.emailVerifications.saveVerificationSecrets({
          user_id: pk,
          email_key: address,
          token_hash: 'a'.repeat(64),
          expires_ms,
          code_key: names.email(address),
          code_hash: 'b'.repeat(64),
        }),
      ).toBe(true);
    const rule = { limit: 100, windowMs: 3_600_000 };
    await ctx.store.rateWindows.takeFromWindow('verify_email_address', names.email(current), rule, Date.now());
    await ctx.store.rateWindows.takeFromWindow('verify_email_user', names.user(pk), rule, Date.now());
    await ctx.store.rateWindows.takeFromWindow('email_change', names.user(pk), rule, Date.now());

    await deleteAccount(ctx, access, { current_password: user.password });
    expect(await itemsOfUser(subject)).toEqual([]);
    const pendingCode = await testDb().client.send(
      new GetCommand({ TableName: ctx.config.tableName, Key: keys.verifyCode(names.email(pending)) }),
    );
    expect(pendingCode.Item).toBeUndefined();
    // A mailer that prepared a verification just before the erasure can no longer write it back.
    expect(
      await ctx.store.emailVerifications.saveVerificationSecrets({
        user_id: pk,
        email_key: current,
        token_hash: 'c'.repeat(64),
        expires_ms,
        code_key: names.email(current),
        code_hash: 'd'.repeat(64),
      }),
    ).toBe(false);
    expect(await itemsOfUser(subject)).toEqual([]);
  });

  it('refuses a wrong password without touching anything', async () => {
    const { pk, refreshTokens, access } = await account(1);
    await expect(deleteAccount(ctx, access, { current_password: 'not-the-Password-9' })).rejects.toMatchObject({
      fields: { current_password: ['Invalid password.'] },
    });
    await expect(refresh(ctx, { refresh: refreshTokens[1]! }, from(250))).resolves.toHaveProperty('access');
    expect(await ctx.store.users.findUser(pk)).toMatchObject({ is_active: true });
    expect((await ctx.store.users.findUser(pk))?.deleted_ms).toBeUndefined();
  });
});
