// Contract: POST /api/auth/password/reset/ and …/confirm/ over HTTP against the local stack, with
// the mail read from the local SES inbox that the stack's mailer really sent it to.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { post, registered } from '../../support/http';
import { CHANGED_SUBJECT, mailsTo, resetMail, RESET_SUBJECT, waitForMails } from '../../support/inbox';

const RESET = '/api/auth/password/reset/';
const CONFIRM = '/api/auth/password/reset/confirm/';
const SENT = { detail: 'Password reset e-mail has been sent.' };
const DONE = { detail: 'Password has been reset with the new password.' };
const INVALID = 'The password reset link or code is invalid or has expired.';
const NEW_PASSWORD = 'marmalade-Orbit-93';
const newPasswords = (password = NEW_PASSWORD) => ({ new_password1: password, new_password2: password });

/** What a client can observe of an answer, less what differs on every request. */
const observable = (response: { status: number; headers: Headers; body: unknown }) => {
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'x-amzn-requestid', 'apigw-requestid', 'content-length'].includes(name)),
  );
  return { status: response.status, headers, body: response.body };
};

describe('POST /api/auth/password/reset/', () => {
  it('answers a known and an unknown address identically, and mails only the known one', async () => {
    const { request } = await registered();
    const unknown = `nobody${Date.now()}@example.com`;
    const forUnknown = await post(RESET, { email: unknown });
    const forKnown = await post(RESET, { email: request.email });
    expect(forKnown.body).toEqual(SENT);
    expect(observable(forUnknown)).toEqual(observable(forKnown));
    // The stream delivers in order: once the known address's mail is in, the unknown one's turn has passed.
    const [mail] = await waitForMails(request.email, 1, RESET_SUBJECT);
    expect(await mailsTo(unknown)).toEqual([]);
    expect(mail!.body.text).toMatch(/#uid=[\w-]+&token=[\w-]{43}/);
    expect(mail!.body.html).toContain('<a href="http://localhost:');
    // Nothing but the secrets: not the username, not the password hash.
    expect(mail!.body.text).not.toContain(request.username);
  });

  it('refuses an invalid address with a field error', async () => {
    const response = await post(RESET, { email: 'not-an-address' });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ email: ['Enter a valid email address.'] });
  });

  it('holds a flood of 12 parallel requests for one address to 3 mails and 429s with Retry-After', async () => {
    const { request } = await registered();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(RESET, { email: request.email }, { from: `127.0.0.${20 + i}` })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    await waitForMails(request.email, 3, RESET_SUBJECT);
    await sleep(1500);
    expect((await mailsTo(request.email)).filter((m) => RESET_SUBJECT.test(m.subject))).toHaveLength(3);
  });
});

describe('POST /api/auth/password/reset/confirm/', () => {
  it('by link: sets the password, ends every session, refuses the old password and a second use, and mails a notice', async () => {
    const { request, content } = await registered();
    const { uid, token } = await resetMail(post, request.email);
    const response = await post(CONFIRM, { uid, token, ...newPasswords() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(DONE);
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(401);
    expect((await post('/api/auth/login/', { username: request.username, password: request.password })).status).toBe(401);
    expect((await post('/api/auth/login/', { username: request.username, password: NEW_PASSWORD })).status).toBe(200);
    const again = await post(CONFIRM, { uid, token, ...newPasswords('another-Lantern-58') });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: INVALID, fields: { token: ['Invalid value'] } });
    await waitForMails(request.email, 1, CHANGED_SUBJECT);
  });

  it('by code: the email and the 8 digits set the password', async () => {
    const { request } = await registered();
    const { code } = await resetMail(post, request.email);
    const response = await post(CONFIRM, { email: request.email.toUpperCase(), code, ...newPasswords() });
    expect(response.body).toEqual(DONE);
    expect((await post('/api/auth/login/', { username: request.username, password: NEW_PASSWORD })).status).toBe(200);
    // The code works once.
    expect((await post(CONFIRM, { email: request.email, code, ...newPasswords() })).status).toBe(400);
  });

  it('voids a code after 5 wrong tries, even when 8 arrive at once', async () => {
    const { request } = await registered();
    const { code, uid, token } = await resetMail(post, request.email);
    const wrong = (i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(CONFIRM, { email: request.email, code: wrong(i), ...newPasswords() }, { from: `127.0.1.${i + 1}` }),
      ),
    );
    for (const guess of guesses) expect(guess.body).toEqual({ error: INVALID, fields: { code: ['Invalid value'] } });
    const right = await post(CONFIRM, { email: request.email, code, ...newPasswords() });
    expect(right.status).toBe(400);
    expect(right.body.error).toBe(INVALID);
    // The link still works: only the code was void.
    expect((await post(CONFIRM, { uid, token, ...newPasswords() })).status).toBe(200);
  });

  it('lets exactly one of 8 parallel confirmations of one link set its password (25 in-process: test/integration/lib/auth/password-reset.test.ts)', async () => {
    const { request } = await registered();
    const { uid, token } = await resetMail(post, request.email);
    const passwords = Array.from({ length: 8 }, (_, i) => `parallel-Walrus-${i}x`);
    const responses = await Promise.all(passwords.map((p) => post(CONFIRM, { uid, token, ...newPasswords(p) })));
    const winners = responses.flatMap((r, i) => (r.status === 200 ? [passwords[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 200)) expect(r.body.error).toBe(INVALID);
    expect((await post('/api/auth/login/', { username: request.username, password: winners[0] })).status).toBe(200);
  });

  it('honours only the newest request: an older mail’s link and code are void', async () => {
    const { request } = await registered();
    const first = await resetMail(post, request.email, 1);
    const second = await resetMail(post, request.email, 2);
    expect((await post(CONFIRM, { uid: first.uid, token: first.token, ...newPasswords() })).status).toBe(400);
    expect((await post(CONFIRM, { email: request.email, code: first.code, ...newPasswords() })).status).toBe(400);
    expect((await post(CONFIRM, { uid: second.uid, token: second.token, ...newPasswords() })).status).toBe(200);
  });

  it('answers every kind of bad secret the same way', async () => {
    const { request, content } = await registered();
    const { uid, token } = await resetMail(post, request.email);
    const otherUid = Buffer.from(String(content.pk + 100_000)).toString('base64url');
    for (const body of [
      { uid: 'not-a-uid!', token },
      { uid: otherUid, token },
      { uid, token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
      { uid, token: 'short' },
    ]) {
      const response = await post(CONFIRM, { ...body, ...newPasswords() });
      expect(response.body).toEqual({ error: INVALID, fields: { token: ['Invalid value'] } });
    }
    // …and the real link still works after all of them.
    expect((await post(CONFIRM, { uid, token, ...newPasswords() })).status).toBe(200);
  });

  it("checks the new password with registration's policy and Django's messages, without using up the secret", async () => {
    const { request } = await registered();
    const { uid, token } = await resetMail(post, request.email);
    const differ = await post(CONFIRM, { uid, token, new_password1: NEW_PASSWORD, new_password2: `${NEW_PASSWORD}x` });
    expect(differ.body.fields).toEqual({ new_password2: ['The two password fields didn’t match.'] });
    const common = await post(CONFIRM, { uid, token, ...newPasswords('password123') });
    expect(common.body.fields.new_password2).toContain('This password is too common.');
    const similar = await post(CONFIRM, { uid, token, ...newPasswords(request.username) });
    expect(similar.body.fields.new_password2).toContain('The password is too similar to the username.');
    expect((await post(CONFIRM, { uid, token, ...newPasswords() })).status).toBe(200);
  });

  it('asks for the missing half of a proof', async () => {
    expect((await post(CONFIRM, { uid: 'MQ', ...newPasswords() })).body.fields).toEqual({ token: ['This field is required.'] });
    expect((await post(CONFIRM, { email: 'a@example.com', ...newPasswords() })).body.fields).toEqual({ code: ['This field is required.'] });
    expect((await post(CONFIRM, { ...newPasswords() })).body.fields).toEqual({
      email: ['This field is required.'],
      code: ['This field is required.'],
    });
  });

  it('clears the failed-login lock: the owner logs in with the new password at once', async () => {
    const { request } = await registered();
    for (let i = 0; i < 5; i += 1)
      await post('/api/auth/login/', { username: request.username, password: `wrong-${i}-Guess` }, { from: '127.0.2.1' });
    expect((await post('/api/auth/login/', { username: request.username, password: request.password }, { from: '127.0.2.1' })).status).toBe(
      429,
    );
    const { uid, token } = await resetMail(post, request.email);
    expect((await post(CONFIRM, { uid, token, ...newPasswords() })).status).toBe(200);
    expect((await post('/api/auth/login/', { username: request.username, password: NEW_PASSWORD }, { from: '127.0.2.1' })).status).toBe(
      200,
    );
  });
});
