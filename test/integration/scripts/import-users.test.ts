// npm run import-users with a dump made by Django's own hashers (test/fixtures/django), into the
// run's DynamoDB Local; then every imported user logs in over HTTP with its Django password.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../../lib/store';
import { keys } from '../../../lib/store/keys';
import { usernameKey } from '../../../lib/users/username';
import passwords from '../../fixtures/django/passwords.json';
import users from '../../fixtures/django/users.json';
import { stackSettings } from '../../support/context';
import { get, post, registered } from '../../support/http';

const ROOT = resolve(__dirname, '../../..');
// The suite shares one table, whose registrations already hold the low pks: the dump's pks move
// up by a fixed offset, everything else (usernames, emails, hashes) is Django's output unchanged.
const OFFSET = 5_000_000;
const dump = users.map((user) => ({ ...user, pk: user.pk + OFFSET }));
const passwordOf = (username: string) => (passwords as Record<string, string>)[username]!;
const pkOf = (username: string) => dump.find((u) => u.fields.username === username)!.pk;

let file: string;
let addressesFile: string;
// allauth's account.EmailAddress rows: ada's address verified (spelt in another case), grace's not,
// linus verified only for an address that is not his account's.
const emailAddresses = [
  { model: 'account.emailaddress', pk: 1, fields: { user: pkOf('ada'), email: 'Ada@Example.com', verified: true, primary: true } },
  { model: 'account.emailaddress', pk: 2, fields: { user: pkOf('grace'), email: 'grace@example.com', verified: false, primary: true } },
  { model: 'account.emailaddress', pk: 3, fields: { user: pkOf('linus'), email: 'old-linus@example.com', verified: true, primary: false } },
];
const importUsers = (...args: string[]) => {
  const env = inject('stackEnv');
  return promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/import-users.ts',
      file,
      '--endpoint',
      env.DYNAMODB_ENDPOINT!,
      '--table',
      env.TABLE_NAME!,
      ...args,
    ],
    { cwd: ROOT, timeout: 60_000 },
  );
};
const db = openDatabase(stackSettings());
const login = (username: string, password: string) => post('/api/auth/login/', { username, password });
const storedHash = async (username: string) =>
  (await db.client.send(new GetCommand({ TableName: db.table, Key: keys.username(usernameKey(username)), ConsistentRead: true }))).Item
    ?.password_hash as string;

// Everyone but the unusable password, the inactive user and the two reported as duplicates.
const canLogIn = users.map((u) => u.fields.username).filter((name) => !['no_login', 'inactive_user', 'alice', 'dup_email'].includes(name));

describe('npm run import-users', () => {
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), 'django-')), 'users.json');
    writeFileSync(file, JSON.stringify(dump));
    addressesFile = join(mkdtempSync(join(tmpdir(), 'allauth-')), 'emailaddress.json');
    writeFileSync(addressesFile, JSON.stringify(emailAddresses));
  });

  it('--dry-run checks every user and writes nothing', async () => {
    const { stdout } = await importUsers('--dry-run');
    expect(stdout).toContain('would import: 19');
    expect(stdout).toContain(`pk ${pkOf('alice')} (alice): username "alice" is already used by pk ${pkOf('Alice')} ("Alice") in this file`);
    expect(stdout).toContain(
      `pk ${pkOf('dup_email')} (dup_email): email "ADA@example.com" is already used by pk ${pkOf('ada')} ("ada") in this file`,
    );
    expect(await storedHash('ada')).toBeUndefined();
    expect((await login('ada', passwordOf('ada'))).status).toBe(401);
  });

  it('imports each user once, reports the case duplicates by pk, and names those who cannot log in', async () => {
    const { stdout } = await importUsers('--email-addresses', addressesFile);
    expect(stdout).toContain('imported: 19');
    expect(stdout).toContain('verified addresses (allauth): 1 of 19 users; the others import unverified');
    const verified = async (username: string) => {
      const key = { profile: keys.user(pkOf(username)), login: keys.username(usernameKey(username)) };
      const [profile, loginItem] = await Promise.all(
        Object.values(key).map((Key) => db.client.send(new GetCommand({ TableName: db.table, Key, ConsistentRead: true }))),
      );
      return [profile!.Item?.email_verified, loginItem!.Item?.email_verified];
    };
    expect(await verified('ada')).toEqual([true, true]);
    expect(await verified('grace')).toEqual([false, false]);
    expect(await verified('linus')).toEqual([false, false]);
    expect(stdout).toContain('skipped: 2');
    expect(stdout).toContain(`pk ${pkOf('no_login')} (no_login): unusable password`);
    expect(stdout).toContain('fields with no place in the profile, not kept: is_staff, is_superuser, last_login');
  });

  it.each(canLogIn)(
    '%s logs in with the Django password, and the hash becomes bcrypt_sha256 at the configured cost',
    async (username) => {
      const before = await storedHash(username);
      const response = await login(username, passwordOf(username));
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(['access', 'refresh']);
      const after = await storedHash(username);
      // Every imported hash is replaced, our own format at a higher cost too (the suite's cost is 4):
      // a wrong password then costs the same for every account.
      expect(after).toMatch(/^bcrypt_sha256\$\$2b\$04\$/);
      expect(after).not.toBe(before);
      // And the new hash works too.
      expect((await login(username, passwordOf(username))).status).toBe(200);
    },
    20_000,
  );

  it('refuses a wrong password, an unusable one and an inactive user with the usual 401', async () => {
    for (const [username, password] of [
      ['margaret', 'apollo-guidance-1968'],
      ['argon_default', 'wrong'],
      ['no_login', ''],
      ['no_login', 'anything'],
      ['inactive_user', passwordOf('inactive_user')],
    ] as const) {
      const response = await login(username, password || 'x');
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'No active account found with the given credentials' });
    }
  });

  it('keeps each pk in the register-shaped profile', async () => {
    const { body } = await login('ada', passwordOf('ada'));
    const me = await get('/api/auth/me/', { headers: { authorization: `Bearer ${body.access as string}` } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      pk: pkOf('ada'),
      username: 'ada',
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
      profile_image: 'profiles/ada.png',
    });
  });

  it('a second run has nothing to do, and new registrations get pks above the imported ones', async () => {
    const { stdout } = await importUsers();
    expect(stdout).toContain('imported: 0');
    expect(stdout).toContain('already imported (unchanged): 19');
    expect(stdout).toContain('nothing to do');
    const { content } = await registered();
    expect(content.pk).toBeGreaterThan(Math.max(...dump.map((u) => u.pk)));
  });
});
