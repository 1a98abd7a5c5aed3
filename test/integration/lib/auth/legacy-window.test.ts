// simplejwt tokens of the cut-over window against DynamoDB Local, in-process with the clock frozen:
// reuse after rotation's grace window, deactivation, the blacklist as the import writes it, users
// imported before the marker existed, and the window's end.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { deliverMail } from '../../../../lib/auth/deliver-mail';
import { logout } from '../../../../lib/auth/logout';
import { confirmPasswordReset } from '../../../../lib/auth/password-reset-confirm';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { TokenInvalid } from '../../../../lib/errors';
import { readDjangoBlacklist } from '../../../../lib/migration/django-blacklist';
import { readDjangoDump } from '../../../../lib/migration/django-users';
import { importUsers } from '../../../../lib/migration/import-users';
import type { MailContext } from '../../../../lib/context/mail';
import type { MailMessage } from '../../../../lib/mail/messages';
import { keys } from '../../../../lib/store/keys';
import { emailKey } from '../../../../lib/users/email';
import fixture from '../../../fixtures/simplejwt-cutover/tokens.json';
import { frozenClock, now } from '../../../support/clock';
import { testContext } from '../../../support/context';
import { newUser } from '../../../support/http';
import { captureLogs } from '../../../support/logs';

const ctx = testContext({ ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '10', LOG_LEVEL: 'info' });
const at = frozenClock(now());
const cutOverSeconds = Math.floor(Date.parse(fixture.cut_over) / 1000);
/** A Django user, imported as npm run import-users does, with simplejwt's blacklist rows if any. */
async function importedUser(blacklistRows: (pk: number) => unknown[] = () => []): Promise<number> {
  // A pk no registration will take (the table is shared): the counter hands it out.
  const pk = await ctx.store.users.allocateUserId();
  const entries = [
    {
      model: 'auth.user',
      pk,
      fields: {
        password: 'pbkdf2_sha256$260000$salt$ONabkIZQEBj6IgRFUgzChBN+bwN18Bp/d4DBuTk/uzg=',
        username: `legacy${pk}`,
        email: `legacy${pk}@example.com`,
        is_active: true,
        date_joined: '2024-01-01T00:00:00Z',
      },
    },
    ...blacklistRows(pk),
  ];
  const report = await importUsers(readDjangoDump(entries).users, {
    store: ctx.store,
    dryRun: false,
    blacklist: readDjangoBlacklist(entries).tokens,
  });
  expect(report.imported).toBe(1);
  return pk;
}

/** A refresh token as simplejwt's for_user signs one with the fixture backend's key, issued before the cut-over. */
const simplejwtToken = (userId: number, jti = crypto.randomUUID().replaceAll('-', '')) =>
  new SignJWT({ token_type: 'refresh', exp: Math.floor(Date.now() / 1000) + 86_400, iat: cutOverSeconds - 600, jti, user_id: userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(fixture.secret_key));

async function testDbGet(key: { pk: string; sk: string }) {
  const { openDatabase } = await import('../../../../lib/store');
  const db = openDatabase(ctx.config);
  return (await db.client.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }))).Item;
}

describe('rotation of an old token, after the grace window', () => {
  it('refresh with it again is reuse: the family it started ends, and a security event is logged', async () => {
    const logs = captureLogs();
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    const rotated = await refresh(ctx, { refresh: old });
    at(11_000);
    await expect(refresh(ctx, { refresh: old })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(refresh(ctx, { refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);
    vi.restoreAllMocks();
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'WARN', event: 'refresh_token_reuse', user_id: pk }));
  });

  it('logout with it is refused as reuse, and ends the family too', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    const rotated = await refresh(ctx, { refresh: old });
    at(11_000);
    await expect(logout(ctx, { refresh_token: old, all: false })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(refresh(ctx, { refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);
  });
});

describe('20 concurrent refreshes of one old token, rotation on', () => {
  it('rotate it once: every answer is that one successor or a refusal, exactly as for one of our tokens', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    const ours = (await register(ctx, newUser(), { sourceIp: '192.0.2.248' })).tokens.refresh;
    const burst = async (token: string) => Promise.allSettled(Array.from({ length: 20 }, () => refresh(ctx, { refresh: token })));
    const [theirs, mine] = [await burst(old), await burst(ours)];
    const outcome = (answers: typeof theirs) => answers.map((a) => (a.status === 'fulfilled' ? 'ok' : (a.reason as Error).name)).sort();
    expect(outcome(theirs)).toEqual(outcome(mine));
    const successors = new Set(theirs.flatMap((a) => (a.status === 'fulfilled' ? [a.value.refresh] : [])));
    expect(successors.size).toBe(1);
    const stored = await testDbGet(keys.refreshToken(pk, decodeJwt(old).jti!));
    expect(stored).toMatchObject({ legacy: true, successor: { jti: decodeJwt([...successors][0]!).jti } });
  });
});

describe('the account', () => {
  it('deactivation ends old tokens, and reactivation does not revive them', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    const unused = await simplejwtToken(pk);
    await ctx.store.users.setUserActive(pk, `legacy${pk}`, false);
    await expect(refresh(ctx, { refresh: old })).rejects.toBeInstanceOf(TokenInvalid);
    await ctx.store.users.setUserActive(pk, `legacy${pk}`, true);
    for (const token of [old, unused]) await expect(refresh(ctx, { refresh: token })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(logout(ctx, { refresh_token: unused, all: false })).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('a password reset ends old tokens, as it ends ours', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    await expect(refresh(ctx, { refresh: old })).resolves.toHaveProperty('access');
    const sent: MailMessage[] = [];
    const mctx: MailContext = { ...ctx, mail: { send: async (_to, mail) => void sent.push(mail) } };
    const message = {
      id: crypto.randomUUID(),
      created_ms: Date.now(),
      kind: 'password_reset' as const,
      email_key: emailKey(`legacy${pk}@example.com`),
    };
    expect(await deliverMail(mctx, message)).toBe('sent');
    const [, uid, token] = /#uid=([\w-]+)&token=([\w-]+)/.exec(sent[0]!.text)!;
    at(1_000);
    const password = 'marmalade-Orbit-93';
    await confirmPasswordReset(ctx, { uid: uid!, token: token!, email: '', code: '', new_password1: password, new_password2: password });
    await expect(refresh(ctx, { refresh: old })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(logout(ctx, { refresh_token: old, all: false })).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('a user imported before the marker existed is refused, until the import runs again and marks it', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    const { openDatabase } = await import('../../../../lib/store');
    const db = openDatabase(ctx.config);
    await db.client.send(new UpdateCommand({ TableName: db.table, Key: keys.user(pk), UpdateExpression: 'REMOVE imported_from' }));
    await expect(refresh(ctx, { refresh: old })).rejects.toBeInstanceOf(TokenInvalid);
    const entries = [
      {
        model: 'auth.user',
        pk,
        fields: { password: '!', username: `legacy${pk}`, email: `legacy${pk}@example.com`, date_joined: '2024-01-01T00:00:00Z' },
      },
    ];
    const report = await importUsers(readDjangoDump(entries).users, { store: ctx.store, dryRun: false });
    expect(report).toMatchObject({ imported: 0, unchanged: 1 });
    await expect(refresh(ctx, { refresh: old })).resolves.toHaveProperty('access');
  });
});

describe('the blacklist, as the import records it', () => {
  const rows = (pk: number, jti: string) => [
    {
      model: 'token_blacklist.outstandingtoken',
      pk: 1,
      fields: {
        user: pk,
        jti,
        token: 'not read',
        created_at: new Date((cutOverSeconds - 600) * 1000).toISOString(),
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
    { model: 'token_blacklist.blacklistedtoken', pk: 1, fields: { token: 1, blacklisted_at: '2026-01-01T00:00:00Z' } },
  ];

  it('refuses a blacklisted jti at refresh and logout, and writes nothing more for it', async () => {
    const jti = crypto.randomUUID().replaceAll('-', '');
    const pk = await importedUser((user) => rows(user, jti));
    const blacklisted = await simplejwtToken(pk, jti);
    const before = await testDbGet(keys.refreshToken(pk, jti));
    expect(before).toMatchObject({ legacy: true, revoked_reason: 'django blacklist', user_id: pk });
    await expect(refresh(ctx, { refresh: blacklisted })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(logout(ctx, { refresh_token: blacklisted, all: false })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(logout(ctx, { refresh_token: blacklisted, all: true })).rejects.toBeInstanceOf(TokenInvalid);
    expect(await testDbGet(keys.refreshToken(pk, jti))).toEqual(before);
    // Its other tokens still work: only that jti was blacklisted.
    await expect(refresh(ctx, { refresh: await simplejwtToken(pk) })).resolves.toHaveProperty('access');
  });

  it('never overwrites a record of ours that happens to have a blacklisted jti', async () => {
    const { pk, tokens } = await register(ctx, newUser(), { sourceIp: '192.0.2.249' });
    const { jti, iat, exp } = decodeJwt(tokens.refresh) as { jti: string; iat: number; exp: number };
    const ours = await testDbGet(keys.refreshToken(pk, jti));
    await ctx.store.imports.recordBlacklistedToken({ jti, userId: pk, sid: 'x', issuedAt: iat, expiresAt: exp }, Date.now());
    expect(await testDbGet(keys.refreshToken(pk, jti))).toEqual(ours);
    await expect(refresh(ctx, { refresh: tokens.refresh })).resolves.toHaveProperty('access');
  });
});

describe('the end of the window', () => {
  it('refuses every old token once LEGACY_SIMPLEJWT_UNTIL has passed, writing nothing', async () => {
    const pk = await importedUser();
    const old = await simplejwtToken(pk);
    await expect(refresh(ctx, { refresh: old })).resolves.toHaveProperty('access');
    const over = testContext({ ROTATE_REFRESH_TOKENS: 'true', LEGACY_SIMPLEJWT_UNTIL: new Date(Date.now() + 60_000).toISOString() });
    await expect(refresh(over, { refresh: old })).resolves.toHaveProperty('refresh');
    at(60_000);
    const fresh = await simplejwtToken(pk);
    await expect(refresh(over, { refresh: fresh })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(logout(over, { refresh_token: fresh, all: false })).rejects.toBeInstanceOf(TokenInvalid);
    expect(await testDbGet(keys.refreshToken(pk, decodeJwt(fresh).jti!))).toBeUndefined();
  });
});
