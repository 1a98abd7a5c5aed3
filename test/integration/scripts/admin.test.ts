// npm run admin against the run's local stack: the operator's use cases in-process (disable,
// enable, sign-out, reset-password), and the CLI itself for find, show and a confirmed erasure.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findAccount, sendPasswordReset, setActive, showAccount, signOut } from '../../../lib/auth/admin';
import { usernameKey } from '../../../lib/users/username';
import { testFilesContext } from '../../support/context';
import { itemsOfUser } from '../../support/erased';
import { post, registered } from '../../support/http';
import { RESET_SUBJECT, waitForMails } from '../../support/inbox';

const ROOT = resolve(__dirname, '../../..');
const ctx = testFilesContext();

/** Runs the CLI on the stack's table, with `input` on stdin; never rejects (the exit code is in the result). */
function admin(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = inject('stackEnv');
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/admin.ts',
        '--endpoint',
        env.DYNAMODB_ENDPOINT!,
        '--table',
        env.TABLE_NAME!,
        ...args,
      ],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          JWT_SIGNING_KEYS: env.JWT_SIGNING_KEYS,
          S3_ENDPOINT: env.S3_ENDPOINT,
          PROFILE_IMAGE_BUCKET: env.PROFILE_IMAGE_BUCKET,
        },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const loginOf = (user: { username: string; password: string }) =>
  post('/api/auth/login/', { username: user.username, password: user.password });

describe('npm run admin', () => {
  it('disable ends every session and refuses login; enable revives none of them; sign-out ends sessions; each is in the log', async () => {
    const { request, content } = await registered();
    const other = await loginOf(request);
    await setActive(ctx, content.pk, false);
    expect((await loginOf(request)).status).toBe(401);
    await setActive(ctx, content.pk, true);
    for (const refresh of [content.tokens.refresh, other.body.refresh])
      expect((await post('/api/auth/refresh/', { refresh })).status).toBe(401);
    const fresh = await loginOf(request);
    expect(fresh.status).toBe(200);
    await signOut(ctx, content.pk);
    expect((await post('/api/auth/refresh/', { refresh: fresh.body.refresh })).status).toBe(401);

    const shown = await showAccount(ctx, content.pk);
    expect(shown.sessions).toEqual([]);
    expect(shown.events.map((e) => [e.event, e.by])).toEqual([
      ['signed_out_everywhere', 'operator'],
      ['logged_in', 'user'],
      ['enabled', 'operator'],
      ['disabled', 'operator'],
      ['logged_in', 'user'],
      ['registered', 'user'],
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/password|hash|bcrypt|refresh/i);
  });

  it('reset-password sends the reset mail to the account', async () => {
    const { request, content } = await registered();
    expect(await sendPasswordReset(ctx, content.pk)).toBe(request.email);
    await waitForMails(request.email, 1, RESET_SUBJECT);
  });

  it(
    'the CLI finds by username or email, shows, and deletes only once confirmed; --dry-run lists what it would erase',
    { timeout: 90_000 },
    async () => {
      const { request, content } = await registered();
      const subject = { userId: content.pk, username: request.username, usernameKey: usernameKey(request.username), email: request.email };
      const [byName, byEmail, show, refused, dry] = await Promise.all([
        admin(['find', request.username]),
        admin(['find', request.email.toUpperCase()]),
        admin(['show', String(content.pk)]),
        admin(['delete', String(content.pk)], 'no\n'),
        admin(['--dry-run', 'delete', String(content.pk)]),
      ]);
      expect(JSON.parse(byName.stdout)).toMatchObject({ pk: content.pk, username: request.username, is_active: true });
      expect(JSON.parse(byEmail.stdout)).toMatchObject({ pk: content.pk });
      expect(JSON.parse(show.stdout)).toMatchObject({ profile: { pk: content.pk }, sessions: [{ sid: expect.any(String) }] });
      expect(show.stdout).not.toMatch(/password_hash|bcrypt/);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('nothing was changed') });
      expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining(`every item of USER#${content.pk}`) });
      expect((await loginOf(request)).status).toBe(200);

      const erased = await admin(['--yes', 'delete', String(content.pk)]);
      expect(erased).toMatchObject({ code: 0, stdout: expect.stringContaining('done: erase account') });
      expect(await itemsOfUser(subject)).toEqual([]);
      expect(await findAccount(ctx, request.username)).toBeUndefined();
    },
  );
});
