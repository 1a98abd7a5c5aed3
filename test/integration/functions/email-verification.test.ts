// Contract: POST registration/verify-email/, resend-email/ and email/change/ over HTTP against the
// local stack, with the mail read from the local SES inbox that the stack's mailer (outbox → stream
// → SES) really sent it to. The suite's stack registers with ACCOUNT_EMAIL_VERIFICATION=none
// (test/setup/local-stack.ts), so mails are asked for with resend; registration's own queueing is
// tested in-process (test/integration/lib/auth/email-verification.test.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { call, get, newUser, post, registered } from '../../support/http';
import { EMAIL_CHANGE_SUBJECT, mailsTo, verifySecretsIn, VERIFY_SUBJECT, waitForMails } from '../../support/inbox';

const VERIFY = '/api/auth/registration/verify-email/';
const RESEND = '/api/auth/registration/resend-email/';
const CHANGE = '/api/auth/email/change/';
const OK = { detail: 'ok' };
const INVALID = 'The verification link or code is invalid or has expired.';

const verification = async (email: string, nth = 1) => {
  const mails = await waitForMails(email, nth, VERIFY_SUBJECT);
  return verifySecretsIn(mails[nth - 1]!.body.text ?? '');
};
const meOf = (access: string) => get('/api/auth/me/', { headers: { authorization: `Bearer ${access}` } });

/** What a client can observe of an answer, less what differs on every request. */
const observable = (response: { status: number; headers: Headers; body: unknown }) => {
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'x-amzn-requestid', 'apigw-requestid', 'content-length'].includes(name)),
  );
  return { status: response.status, headers, body: response.body };
};

describe('registration and POST /api/auth/registration/verify-email/', () => {
  it("keeps the seed's register body, mails a link and a code, and proves the address by code once", async () => {
    const body = newUser();
    const response = await post('/api/auth/register/', body);
    expect(response.status).toBe(201);
    expect(Object.keys(response.body.content).sort()).toEqual([
      'email',
      'first_name',
      'last_name',
      'pk',
      'profile_image',
      'tokens',
      'username',
    ]);
    const { access } = response.body.content.tokens;
    expect(await post(RESEND, { email: body.email })).toMatchObject({ status: 200, body: OK });
    const { code, link } = await verification(body.email);
    expect(link).toMatch(/\/account\/verify\/#key=[\w-]+\.[\w-]{43}$/);
    expect((await meOf(access)).body.email_verified).toBe(false);

    expect(await post(VERIFY, { email: body.email, code })).toMatchObject({ status: 200, body: OK });
    expect((await meOf(access)).body.email_verified).toBe(true);
    const again = await post(VERIFY, { email: body.email, code });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: INVALID, fields: { code: ['Invalid value'] } });
  });

  it('asks for the key (or an email and a code) and refuses a malformed one with the one message', async () => {
    expect((await post(VERIFY, {})).body.fields).toEqual({ key: ['This field is required.'] });
    expect((await post(VERIFY, { email: 'a@example.com' })).body.fields).toEqual({ code: ['This field is required.'] });
    expect((await post(VERIFY, { key: 'MQ.not-a-token' })).body).toEqual({ error: INVALID, fields: { key: ['Invalid value'] } });
  });
});

describe('POST /api/auth/registration/resend-email/', () => {
  it('answers a known and an unknown address identically, and mails only the known one', async () => {
    const { request } = await registered();
    await post(RESEND, { email: request.email });
    await verification(request.email);
    const unknown = `nobody${Date.now()}@example.com`;
    const forUnknown = await post(RESEND, { email: unknown });
    const forKnown = await post(RESEND, { email: request.email });
    expect(forKnown.body).toEqual(OK);
    expect(observable(forUnknown)).toEqual(observable(forKnown));
    const mails = await waitForMails(request.email, 2, VERIFY_SUBJECT);
    expect(await mailsTo(unknown)).toEqual([]);
    // The newer mail voids the older key.
    expect((await post(VERIFY, { key: verifySecretsIn(mails[0]!.body.text ?? '').key })).status).toBe(400);
    expect((await post(VERIFY, { key: verifySecretsIn(mails[1]!.body.text ?? '').key })).status).toBe(200);
  });

  it('answers a burst of 10 from several sources with 200 each, and sends the address at most 3 mails', async () => {
    const { request } = await registered();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(RESEND, { email: request.email }, { from: `127.0.0.${40 + i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    await waitForMails(request.email, 3, VERIFY_SUBJECT);
    await sleep(1000);
    expect((await mailsTo(request.email)).filter((m) => VERIFY_SUBJECT.test(m.subject))).toHaveLength(3);
  });
});

describe('POST /api/auth/email/change/', () => {
  it('tells the old address, verifies the new one, and changes the profile only then', async () => {
    const { request, content } = await registered();
    const access = content.tokens.access;
    const newEmail = `changed${Date.now()}@example.com`;
    const wrong = await call('POST', CHANGE, { bearer: access, body: { new_email: newEmail, password: 'not-the-Password-1' } });
    expect(wrong.status).toBe(400);
    const asked = await call('POST', CHANGE, { bearer: access, body: { new_email: newEmail, password: request.password } });
    expect(asked).toMatchObject({ status: 200, body: { detail: 'Verification e-mail sent.' } });

    await waitForMails(request.email, 1, EMAIL_CHANGE_SUBJECT);
    const { key } = await verification(newEmail);
    expect((await meOf(access)).body.email).toBe(request.email);
    expect(await post(VERIFY, { key })).toMatchObject({ status: 200, body: OK });
    expect((await meOf(access)).body).toMatchObject({ email: newEmail, email_verified: true });
  });
});
