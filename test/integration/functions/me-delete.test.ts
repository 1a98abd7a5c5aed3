// DELETE /api/auth/me/ over HTTP against the local stack: the password proven, every session ended,
// and nothing of the account left anywhere in the table (a full scan) or the bucket.
import { describe, expect, it } from 'vitest';
import { usernameKey } from '../../../lib/users/username';
import { testFilesContext } from '../../support/context';
import { call, post, registered } from '../../support/http';
import { RESET_SUBJECT, waitForMails } from '../../support/inbox';
import { itemsOfUser } from '../../support/erased';

const ME = '/api/auth/me/';
const files = testFilesContext().files;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const remove = (access: string, current_password: unknown) => call('DELETE', ME, { bearer: access, body: { current_password } });

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Uploads a profile image the way a browser does and waits until /me shows it; its key in the bucket. */
async function withImage(access: string): Promise<string> {
  const form = await call('POST', `${ME}profile-image/`, { bearer: access, body: { content_type: 'image/png' } });
  const body = new FormData();
  for (const [name, value] of Object.entries(form.body.fields as Record<string, string>)) body.append(name, value);
  body.append('file', new Blob([PNG], { type: 'image/png' }), 'avatar');
  await (await fetch(form.body.url as string, { method: 'POST', body })).arrayBuffer();
  await eventually(
    async () => (await call('GET', ME, { bearer: access })).body.profile_image as string | null,
    (url) => url !== null,
    'the image',
  );
  const id = String(form.body.fields.key).replace(/^uploads\//, 'images/');
  return id;
}

describe('DELETE /api/auth/me/', () => {
  it('erases every item of the account (a scan finds none), its image, and frees its username and email', { timeout: 60_000 }, async () => {
    const { request, content } = await registered();
    const userId = content.pk;
    const subject = { userId, username: request.username, usernameKey: usernameKey(request.username), email: request.email };
    // Items of every kind: a pending reset and its code (and the request windows), a second
    // session with a trusted address, login counters, a password-check window, the security log, an image.
    expect((await post('/api/auth/password/reset/', { email: request.email })).status).toBe(200);
    await waitForMails(request.email, 1, RESET_SUBJECT);
    const login = await post('/api/auth/login/', { username: request.username, password: request.password }, { from: '127.0.0.61' });
    expect(login.status).toBe(200);
    expect((await post('/api/auth/login/', { username: request.username, password: 'wrong-Pass-1' }, { from: '127.0.0.62' })).status).toBe(
      401,
    );
    expect((await post('/api/auth/refresh/', { refresh: login.body.refresh })).status).toBe(200);
    const image = await withImage(content.tokens.access);
    expect(await files.inspect(image, 1)).toBeDefined();
    const before = await itemsOfUser(subject);
    for (const kind of ['PROFILE', 'SESSION#', 'REFRESH#', 'PASSWORD_RESET', 'EVENT#', 'USERNAME', 'EMAIL', 'RESET_CODE']) {
      expect(before.map((item) => String(item.sk))).toContainEqual(expect.stringContaining(kind));
    }

    const wrong = await remove(login.body.access, 'not-my-Password-1');
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual({ current_password: ['Invalid password.'] });
    expect((await remove(login.body.access, '')).status).toBe(400);

    const done = await remove(login.body.access, request.password);
    expect(done.status).toBe(204);
    // The outbox has sent its message; nothing in the table names the user any more.
    expect(
      await eventually(
        () => itemsOfUser(subject),
        (items) => items.length === 0,
        'no item of the user',
      ),
    ).toEqual([]);
    expect(await files.inspect(image, 1)).toBeUndefined();

    for (const refresh of [content.tokens.refresh, login.body.refresh]) {
      expect((await post('/api/auth/refresh/', { refresh })).status).toBe(401);
    }
    expect((await call('GET', ME, { bearer: login.body.access })).status).toBe(401);
    // A replayed refresh token writes nothing back (its use is recorded only on an existing session).
    expect(await itemsOfUser(subject)).toEqual([]);
    // (A failed login now counts against the free name, as it would for any name nobody holds.)
    expect((await post('/api/auth/login/', { username: request.username, password: request.password })).status).toBe(401);

    // The username and the email are free again; the pk is never given out again.
    const again = await post('/api/auth/register/', request);
    expect(again.status).toBe(201);
    expect(again.body.content.pk).toBeGreaterThan(userId);
  });

  it('answers 401 without a bearer or with a refresh token, and a second delete with the old token 401', async () => {
    const { request, content } = await registered();
    expect((await call('DELETE', ME, { body: { current_password: request.password } })).status).toBe(401);
    expect((await remove(content.tokens.refresh, request.password)).status).toBe(401);
    expect((await remove(content.tokens.access, request.password)).status).toBe(204);
    expect((await remove(content.tokens.access, request.password)).status).toBe(401);
  });

  it('rations password guesses with password changes: a burst of 12 wrong ones gets 400s, then 429s', async () => {
    const { request, content } = await registered();
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => remove(content.tokens.access, `wrong-Guess-${i}x`)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    // The account is untouched: it still logs in.
    expect((await post('/api/auth/login/', { username: request.username, password: request.password })).status).toBe(200);
  });
});
