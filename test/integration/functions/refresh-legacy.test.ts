// The cut-over rehearsal over HTTP: a stock simplejwt backend's dump (users and token_blacklist,
// test/fixtures/simplejwt-cutover) imported with npm run import-users, then its refresh tokens
// presented to the running API, whose key set holds that backend's key and whose window is open.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT, decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { legacySessionId } from '../../../lib/auth/session-id';
import { openDatabase } from '../../../lib/store';
import { keys } from '../../../lib/store/keys';
import dump from '../../fixtures/simplejwt-cutover/dump.json';
import fixture from '../../fixtures/simplejwt-cutover/tokens.json';
import { stackSettings } from '../../support/context';
import { get, post, registered } from '../../support/http';

const ROOT = resolve(__dirname, '../../..');
const REFRESH = '/api/auth/refresh/';
const LOGOUT = '/api/auth/logout/';
const token = (name: keyof typeof fixture.tokens) => fixture.tokens[name].token;
const refreshWith = (refresh: string, rotating = false) => post(REFRESH, { refresh }, { rotating });
const logoutWith = (refresh_token: string, all = false) => post(LOGOUT, { refresh_token, all });
const db = openDatabase(stackSettings());

/** A refresh token as simplejwt's for_user makes one (PyJWT, HS256, the backend's SECRET_KEY), issued before the cut-over. */
function mintedLike(userId: number, claims: Record<string, unknown> = {}, secret = fixture.secret_key) {
  const iat = Math.floor(Date.parse(fixture.cut_over) / 1000) - 600;
  return new SignJWT({
    token_type: 'refresh',
    exp: Math.floor(Date.now() / 1000) + 86_400,
    iat,
    jti: crypto.randomUUID().replaceAll('-', ''),
    user_id: userId,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

const storedRecord = async (userId: number, jti: string) =>
  (await db.client.send(new GetCommand({ TableName: db.table, Key: keys.refreshToken(userId, jti), ConsistentRead: true }))).Item;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cutover-')), 'dump.json');
  writeFileSync(file, JSON.stringify(dump));
  const env = inject('stackEnv');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/import-users.ts',
      file,
      '--endpoint',
      env.DYNAMODB_ENDPOINT!,
      '--table',
      env.TABLE_NAME!,
    ],
    { cwd: ROOT, timeout: 60_000 },
  );
  expect(stdout).toContain('imported: 2');
  expect(stdout).toMatch(/blacklisted refresh tokens recorded as revoked \(users in the file\): 2/);
}, 90_000);

describe('a simplejwt refresh token of the old backend, inside the window', () => {
  it('refreshes into our RS256 access token with the seed body, which /me accepts as the imported user', async () => {
    const response = await refreshWith(token('refresh'));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['access']);
    const access = decodeJwt(response.body.access);
    expect(access).toMatchObject({ token_type: 'access', user_id: fixture.users.active });
    const me = await get('/api/auth/me/', { headers: { authorization: `Bearer ${response.body.access}` } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ pk: fixture.users.active, username: 'cutover_ada' });
    // Without rotation it stays usable, as our own tokens do.
    expect((await refreshWith(token('refresh'))).status).toBe(200);
  });

  it('with rotation, is spent for one of our refresh tokens: presented again it gets that same successor (the grace window), as ours do', async () => {
    const first = await refreshWith(token('refresh_rotating'), true);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['access', 'refresh']);
    const { jti, iat } = decodeJwt(token('refresh_rotating')) as { jti: string; iat: number };
    expect(decodeJwt(first.body.refresh)).toMatchObject({
      token_type: 'refresh',
      user_id: fixture.users.active,
      sid: legacySessionId(jti, iat),
    });
    const again = await refreshWith(token('refresh_rotating'), true);
    expect(again.body.refresh).toBe(first.body.refresh);
    expect(await storedRecord(fixture.users.active, jti)).toMatchObject({ legacy: true, superseded_ms: expect.any(Number) });
    expect((await refreshWith(first.body.refresh, true)).status).toBe(200);
  });

  it('logout records its jti as revoked: refresh and logout with it are refused afterwards, the replay too', async () => {
    const presented = token('refresh_logout');
    expect(await logoutWith(presented)).toMatchObject({ status: 200, body: { detail: 'Successfully logged out.' } });
    expect(await storedRecord(fixture.users.active, decodeJwt(presented).jti!)).toMatchObject({ legacy: true, revoked_reason: 'logout' });
    expect(await refreshWith(presented)).toMatchObject({ status: 401, body: { error: 'Token is invalid or expired' } });
    expect(await refreshWith(presented, true)).toMatchObject({ status: 401 });
    expect(await logoutWith(presented)).toMatchObject({ status: 400, body: { error: 'Invalid or expired refresh token.' } });
  });

  it.each([
    ['blacklisted on Django (logout)', 'blacklisted'],
    ['blacklisted on Django by its own rotation', 'rotated_away'],
  ] as const)('refuses a token %s, as simplejwt does, at refresh and logout', async (_case, name) => {
    expect(fixture.tokens[name].simplejwt_accepts).toBe('Token is blacklisted');
    expect(await refreshWith(token(name))).toMatchObject({ status: 401 });
    expect(await refreshWith(token(name), true)).toMatchObject({ status: 401 });
    expect(await logoutWith(token(name))).toMatchObject({ status: 400 });
  });

  it("accepts the successor of Django's own rotation, which simplejwt accepts", async () => {
    expect(fixture.tokens.rotated_successor.simplejwt_accepts).toBe(true);
    expect((await refreshWith(token('rotated_successor'))).status).toBe(200);
  });

  it.each([
    ['expired', 'expired'],
    ['an access token', 'access'],
    ['for the inactive user', 'inactive_user'],
    ['for a user deleted before the dump (not imported)', 'deleted_user'],
  ] as const)('refuses a simplejwt token %s', async (_case, name) => {
    expect(await refreshWith(token(name))).toMatchObject({ status: 401, body: { error: 'Token is invalid or expired' } });
    expect(await logoutWith(token(name))).toMatchObject({ status: 400 });
  });

  it('refuses a token with its payload changed, and one signed with another key', async () => {
    const [header, payload, signature] = token('refresh').split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 1 })).toString('base64url')}.${signature}`;
    expect((await refreshWith(tampered)).status).toBe(401);
    expect((await refreshWith(await mintedLike(fixture.users.active, {}, 'not-the-django-secret-key'))).status).toBe(401);
  });

  it("refuses a token naming a user registered here (the pk was not the old backend's), at refresh and logout", async () => {
    const { content } = await registered();
    const forged = await mintedLike(content.pk);
    expect((await refreshWith(forged)).status).toBe(401);
    expect((await refreshWith(forged, true)).status).toBe(401);
    expect((await logoutWith(forged)).status).toBe(400);
    expect((await logoutWith(forged, true)).status).toBe(400);
    // Nothing was written in the registered user's partition for it.
    expect(await storedRecord(content.pk, decodeJwt(forged).jti!)).toBeUndefined();
  });

  it('20 concurrent refreshes of one old token with rotation: one rotation; each answer its one successor, or reuse once the grace window has passed, as for ours', async () => {
    /**
     * The rule for a burst on one token, ours or old: exactly one successor is ever issued; every
     * 200 carries it; a 401 is a presentation after the grace window (a worker that started late
     * on a busy machine), which is reuse and ends the family, successor included.
     */
    async function burstOf(presented: string) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => refreshWith(presented, true)));
      expect(new Set(answers.map((a) => a.status)).size).toBeLessThanOrEqual(2);
      expect(answers.every((a) => a.status === 200 || a.status === 401)).toBe(true);
      const successors = new Set(answers.flatMap((a) => (a.status === 200 ? [a.body.refresh as string] : [])));
      expect(successors.size).toBe(1);
      const [successor] = successors;
      const reused = answers.some((a) => a.status === 401);
      expect((await refreshWith(successor!, true)).status).toBe(reused ? 401 : 200);
      return successor!;
    }
    const presented = token('refresh_burst');
    const successor = await burstOf(presented);
    const record = await storedRecord(fixture.users.active, decodeJwt(presented).jti!);
    expect(record).toMatchObject({ legacy: true, successor: { jti: decodeJwt(successor).jti } });
    await burstOf((await registered()).content.tokens.refresh);
  });

  // Last: it ends every session of the fixture's user.
  it('logout everywhere with an old token ends the other old tokens too (they were issued before it)', async () => {
    const other = await mintedLike(fixture.users.active);
    expect((await refreshWith(other)).status).toBe(200);
    expect((await logoutWith(token('refresh_logout_all'), true)).status).toBe(200);
    expect((await refreshWith(other)).status).toBe(401);
    expect((await refreshWith(token('rotated_successor'))).status).toBe(401);
  });
});
