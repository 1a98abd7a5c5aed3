// Email verification and email change in-process against DynamoDB Local: the races and clocks that
// HTTP cannot stage cheaply (25 parallel tries, 20 accounts claiming one address, expiry on a moved
// clock), the modes, and the rules the mailer enforces. Mail goes to a capturing sender here; the
// real outbox, stream and SES path is tested over HTTP (functions/email-verification).
import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverMail } from '../../../../lib/auth/deliver-mail';
import { requestEmailChange } from '../../../../lib/auth/email-change';
import { login } from '../../../../lib/auth/login';
import { me } from '../../../../lib/auth/me';
import { confirmPasswordReset } from '../../../../lib/auth/password-reset-confirm';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';
import { register } from '../../../../lib/auth/register';
import { resendVerification } from '../../../../lib/auth/verification-mail';
import { INVALID_VERIFICATION, verifyEmail } from '../../../../lib/auth/verify-email';
import type { AppContext } from '../../../../lib/context';
import type { MailContext } from '../../../../lib/context/mail';
import type { OutboxMessage } from '../../../../lib/domain/outbox';
import { DUPLICATE_MESSAGES } from '../../../../lib/errors';
import type { MailMessage } from '../../../../lib/mail/messages';
import { keys } from '../../../../lib/store/keys';
import { emailKey } from '../../../../lib/users/email';
import { usernameKey } from '../../../../lib/users/username';
import { createLocalTable } from '../../../../scripts/local/table';
import { testContext, testDb, testFilesContext } from '../../../support/context';
import { newUser } from '../../../support/http';
import { resetSecretsIn, verifySecretsIn } from '../../../support/inbox';

// A table of its own, whose stream no mailer reads: the stack's mailer would otherwise send the
// mails registrations and changes queue, replacing the secrets this test delivers itself.
const TABLE = `auth-api-email-verification-${process.pid}`;
// `optional`, the default, unless a test says otherwise (the suite's stack runs with `none`).
const on = (overrides: Record<string, string> = {}) =>
  testContext({ TABLE_NAME: TABLE, ACCOUNT_EMAIL_VERIFICATION: 'optional', ...overrides });
const ctx = on();
const quiet = on({ ACCOUNT_EMAIL_VERIFICATION: 'none' });
const files = { ...testFilesContext(), store: ctx.store };
const db = testDb({ TABLE_NAME: TABLE });
beforeAll(() => createLocalTable(inject('stackEnv').DYNAMODB_ENDPOINT!, TABLE), 60_000);
const NO_KEY = { key: '', email: '', code: '' };
const NEW = { new_password1: 'marmalade-Orbit-93', new_password2: 'marmalade-Orbit-93' };
const from = () => ({ sourceIp: `198.51.100.${Math.floor(Math.random() * 200) + 20}` });

/** The mailer, with a sender that keeps what it would send. */
function mailer(base: AppContext = ctx) {
  const sent: { to: string; mail: MailMessage }[] = [];
  const mctx: MailContext = { ...base, mail: { send: async (to, mail) => void sent.push({ to, mail }) } };
  const deliver = (message: OutboxMessage, nowMs = Date.now()) =>
    deliverMail(mctx, { id: randomUUID(), created_ms: nowMs, ...message }, nowMs);
  return { deliver, sent };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: Error & { publicMessage?: string }) => error.publicMessage ?? error.message,
  );

/** Registers a user and delivers the verification register queued; returns the mail's secrets. */
async function userWithVerification(base: AppContext = ctx, nowMs = Date.now()) {
  const user = newUser();
  const registered = await register(quiet, user, from());
  const { deliver, sent } = mailer(base);
  expect(await deliver({ kind: 'verify_email', email_key: emailKey(user.email), user_id: registered.pk }, nowMs)).toBe('sent');
  expect(sent[0]!.to).toBe(user.email);
  return { user, registered, ...verifySecretsIn(sent[0]!.mail.text) };
}

const profileOf = async (access: string) => me(files, access);
/** The kinds of the user's security events, newest first (registrations here go through `quiet`'s own table too). */
const eventsOf = async (userId: number) => (await ctx.store.securityLog.page(userId, 50, Date.now())).events.map((e) => e.event);
const loginItem = (user: { username: string }) => ctx.store.users.findLoginItem(usernameKey(user.username));

describe('email verification, in-process', () => {
  it('proves the address by link: /me and the login item say so, and the key works once', async () => {
    const { user, registered, key } = await userWithVerification();
    expect((await profileOf(registered.tokens.access)).email_verified).toBe(false);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key }))).toBe('done');
    expect((await profileOf(registered.tokens.access)).email_verified).toBe(true);
    expect((await loginItem(user))?.email_verified).toBe(true);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key }))).toBe(INVALID_VERIFICATION);
    // The security log has it, written by the verifying transaction (once: the replay wrote nothing).
    expect(await eventsOf(registered.pk)).toEqual(['email_verified', 'registered']);
  });

  it('checks at most 5 of 25 codes sent at once, and the right code is then void', async () => {
    const { user, code } = await userWithVerification();
    const wrong = (i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, i) => outcome(verifyEmail(ctx, { ...NO_KEY, email: user.email, code: wrong(i) }))),
    );
    expect(new Set(outcomes)).toEqual(new Set([INVALID_VERIFICATION]));
    const codeKey = pseudonyms(await ctx.tokens.pseudonymSecret()).email(emailKey(user.email));
    const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.verifyCode(codeKey), ConsistentRead: true }));
    expect(Item?.attempts).toBe(5);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, email: user.email, code }))).toBe(INVALID_VERIFICATION);
  });

  it('lets exactly one of 25 parallel uses of one link through, and a link racing its code: one wins', async () => {
    const { key } = await userWithVerification();
    const outcomes = await Promise.all(Array.from({ length: 25 }, () => outcome(verifyEmail(ctx, { ...NO_KEY, key }))));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === INVALID_VERIFICATION)).toHaveLength(24);

    const second = await userWithVerification();
    const raced = await Promise.all([
      outcome(verifyEmail(ctx, { ...NO_KEY, key: second.key })),
      outcome(verifyEmail(ctx, { ...NO_KEY, email: second.user.email, code: second.code })),
    ]);
    expect(raced.filter((o) => o === 'done')).toHaveLength(1);
  });

  it('proves by code with any spelling of the address (case, IDN) and refuses another account’s key', async () => {
    const { user, code, key } = await userWithVerification();
    const other = await userWithVerification();
    // The other account's uid with this one's token: the pending item is found by uid, the hash differs.
    const forged = `${other.key.split('.')[0]}.${key.split('.')[1]}`;
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: forged }))).toBe(INVALID_VERIFICATION);
    expect(
      await outcome(verifyEmail(ctx, { ...NO_KEY, email: user.email.toUpperCase().replace('EXAMPLE.COM', 'example.com'), code })),
    ).toBe('done');
  });

  it('refuses the link and the code once EMAIL_VERIFICATION_TIMEOUT_SECONDS have passed, and works just before', async () => {
    const short = on({ EMAIL_VERIFICATION_TIMEOUT_SECONDS: '60' });
    const late = await userWithVerification(short, Date.now() - 61_000);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: late.key }))).toBe(INVALID_VERIFICATION);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, email: late.user.email, code: late.code }))).toBe(INVALID_VERIFICATION);
    const inTime = await userWithVerification(short, Date.now() - 55_000);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: inTime.key }))).toBe('done');
  });

  it('voids a key when a newer mail replaces it, and a deactivation voids every key', async () => {
    const { user, registered, key } = await userWithVerification();
    const { deliver, sent } = mailer();
    expect(await deliver({ kind: 'verify_email', email_key: emailKey(user.email) })).toBe('sent');
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key }))).toBe(INVALID_VERIFICATION);
    const newer = verifySecretsIn(sent[0]!.mail.text);
    await ctx.store.users.setUserActive(registered.pk, usernameKey(user.username), false);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: newer.key }))).toBe(INVALID_VERIFICATION);
  });

  it('queues the mail in the registration’s own write (none with ACCOUNT_EMAIL_VERIFICATION=none), and registers unverified whatever the client sends', async () => {
    const queuedBy = (base: AppContext) => {
      const mails: unknown[] = [];
      const registerUser: AppContext['store']['users']['registerUser'] = (...args) => {
        mails.push(args[4]);
        return base.store.users.registerUser(...args);
      };
      return { mails, ctx: { ...base, store: { ...base.store, users: { ...base.store.users, registerUser } } } };
    };
    const optional = queuedBy(ctx);
    const user = newUser({ email_verified: true });
    const registered = await register(optional.ctx, user, from());
    expect(optional.mails).toEqual([{ kind: 'verify_email', email_key: emailKey(user.email), user_id: registered.pk }]);
    // Written with the account: the message is in the table (no mailer reads this table's stream).
    const { Items = [] } = await db.client.send(
      new ScanCommand({
        TableName: db.table,
        FilterExpression: '#type = :outbox AND user_id = :id',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':outbox': 'outbox', ':id': registered.pk },
      }),
    );
    expect(Items.map((item) => item.kind)).toEqual(['verify_email']);
    expect((await profileOf(registered.tokens.access)).email_verified).toBe(false);
    expect((await loginItem(user))?.email_verified).toBe(false);
    const none = queuedBy(quiet);
    await register(none.ctx, newUser(), from());
    expect(none.mails).toEqual([undefined]);
  });
});

describe('resending the verification, in-process', () => {
  it('answers the same for a known, an unknown and a verified address; the mailer sends only to the unverified one', async () => {
    const pending = await userWithVerification();
    const verified = await userWithVerification();
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: verified.key }))).toBe('done');
    const unknown = `nobody${randomUUID()}@example.com`;
    const answers = await Promise.all(
      [pending.user.email, verified.user.email, unknown].map((email) => resendVerification(ctx, { email }, from())),
    );
    expect(answers).toEqual([{ detail: 'ok' }, { detail: 'ok' }, { detail: 'ok' }]);
    const { deliver, sent } = mailer();
    expect(await deliver({ kind: 'verify_email', email_key: emailKey(pending.user.email) })).toBe('sent');
    expect(await deliver({ kind: 'verify_email', email_key: emailKey(verified.user.email) })).toBe('skipped');
    expect(await deliver({ kind: 'verify_email', email_key: emailKey(unknown) })).toBe('skipped');
    expect(sent.map((s) => s.to)).toEqual([pending.user.email]);
  });

  it('queues at most PASSWORD_RESET_EMAIL_MAX_PER_HOUR mails for an address of 20 parallel requests, and still answers 200', async () => {
    const limited = on({ PASSWORD_RESET_EMAIL_MAX_PER_HOUR: '3' });
    const queued: unknown[] = [];
    const counting: AppContext = {
      ...limited,
      store: { ...limited.store, outbox: { ...limited.store.outbox, enqueue: async (m) => void queued.push(m) } },
    };
    const email = `flood${randomUUID()}@example.com`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(resendVerification(counting, { email }, { sourceIp: `203.0.113.${i + 1}` }))),
    );
    expect(new Set(answers)).toEqual(new Set(['done']));
    expect(queued).toHaveLength(3);
  });

  it('refuses a source past PASSWORD_RESET_IP_MAX_PER_HOUR with 429, whatever the addresses', async () => {
    const limited = on({ PASSWORD_RESET_IP_MAX_PER_HOUR: '2' });
    const source = from();
    const ask = () => outcome(resendVerification(limited, { email: `nobody${randomUUID()}@example.com` }, source));
    expect([await ask(), await ask(), await ask()]).toEqual(['done', 'done', expect.stringMatching(/^Request was throttled/)]);
  });
});

describe('ACCOUNT_EMAIL_VERIFICATION=mandatory, in-process', () => {
  const mandatory = on({ ACCOUNT_EMAIL_VERIFICATION: 'mandatory' });

  it('refuses an unverified login only once the password is proven, re-sends the mail, and lets it in once verified', async () => {
    const { user, key } = await userWithVerification(mandatory);
    const source = from();
    expect(await outcome(login(mandatory, { username: user.username, password: 'wrong-Password-1' }, source))).toBe(
      'No active account found with the given credentials',
    );
    const queued: unknown[] = [];
    const counting: AppContext = {
      ...mandatory,
      store: { ...mandatory.store, outbox: { ...mandatory.store.outbox, enqueue: async (m) => void queued.push(m) } },
    };
    expect(await outcome(login(counting, { username: user.username, password: user.password }, source))).toBe('E-mail is not verified.');
    expect(queued).toEqual([{ kind: 'verify_email', user_id: expect.any(Number) }]);
    expect(await outcome(verifyEmail(mandatory, { ...NO_KEY, key }))).toBe('done');
    expect(await outcome(login(mandatory, { username: user.username, password: user.password }, source))).toBe('done');
  });

  it('sends no reset mail to an unverified address, and sends one once it is verified', async () => {
    const { user, key } = await userWithVerification(mandatory);
    const { deliver, sent } = mailer(mandatory);
    expect(await deliver({ kind: 'password_reset', email_key: emailKey(user.email) })).toBe('skipped');
    await verifyEmail(mandatory, { ...NO_KEY, key });
    expect(await deliver({ kind: 'password_reset', email_key: emailKey(user.email) })).toBe('sent');
    expect(sent.map((s) => s.to)).toEqual([user.email]);
  });
});

describe('a password reset in optional mode', () => {
  async function resetSecrets(user: { email: string }) {
    const { deliver, sent } = mailer();
    await deliver({ kind: 'password_reset', email_key: emailKey(user.email) });
    return resetSecretsIn(sent[0]!.mail.text);
  }

  it('marks the address verified when done by link, not by code', async () => {
    const byLink = await userWithVerification();
    const link = await resetSecrets(byLink.user);
    expect(await outcome(confirmPasswordReset(ctx, { uid: link.uid, token: link.token, email: '', code: '', ...NEW }))).toBe('done');
    expect((await ctx.store.users.findUser(byLink.registered.pk))?.email_verified).toBe(true);
    expect((await loginItem(byLink.user))?.email_verified).toBe(true);

    const byCode = await userWithVerification();
    const code = await resetSecrets(byCode.user);
    expect(await outcome(confirmPasswordReset(ctx, { uid: '', token: '', email: byCode.user.email, code: code.code, ...NEW }))).toBe(
      'done',
    );
    expect((await ctx.store.users.findUser(byCode.registered.pk))?.email_verified).toBe(false);
  });
});

describe('email change, in-process', () => {
  // 20 accounts ask for one address below: more than one address's hourly allowance of mails.
  const generous = on({ PASSWORD_RESET_EMAIL_MAX_PER_HOUR: '100' });

  /** A verified user who asked to change to `newEmail`; the mails the request queued, delivered. */
  async function changing(newEmail = `new${randomUUID()}@example.com`) {
    const first = await userWithVerification();
    await verifyEmail(ctx, { ...NO_KEY, key: first.key });
    expect(
      await requestEmailChange(generous, first.registered.tokens.access, { new_email: newEmail, password: first.user.password }),
    ).toEqual({
      detail: 'Verification e-mail sent.',
    });
    const { deliver, sent } = mailer();
    expect(await deliver({ kind: 'email_change_requested', user_id: first.registered.pk })).toBe('sent');
    expect(await deliver({ kind: 'verify_email', email_key: emailKey(newEmail), user_id: first.registered.pk })).toBe('sent');
    return { ...first, newEmail, sent, secrets: verifySecretsIn(sent[1]!.mail.text) };
  }

  it('changes nothing until the new address is proven; then moves the marker in the same write', async () => {
    const { user, registered, newEmail, sent, secrets } = await changing();
    expect(sent.map((s) => s.to)).toEqual([user.email, newEmail]);
    expect(sent[0]!.mail.text).not.toContain(newEmail);
    expect(await profileOf(registered.tokens.access)).toMatchObject({ email: user.email, email_verified: true });
    // The unproven address receives no password reset: no account holds it yet.
    expect(await ctx.store.users.findUserIdByEmail(emailKey(newEmail))).toBeUndefined();

    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, email: newEmail, code: secrets.code }))).toBe('done');
    expect(await profileOf(registered.tokens.access)).toMatchObject({ email: newEmail, email_verified: true });
    expect(await ctx.store.users.findUserIdByEmail(emailKey(newEmail))).toBe(registered.pk);
    expect(await ctx.store.users.findUserIdByEmail(emailKey(user.email))).toBeUndefined();
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: secrets.key }))).toBe(INVALID_VERIFICATION);
    expect((await eventsOf(registered.pk)).slice(0, 1)).toEqual(['email_changed']);
  });

  it('voids the sign-up key once a change is mailed: a key is bound to its address', async () => {
    const user = newUser();
    const registered = await register(quiet, user, from());
    const { deliver, sent } = mailer();
    await deliver({ kind: 'verify_email', email_key: emailKey(user.email), user_id: registered.pk });
    const signup = verifySecretsIn(sent[0]!.mail.text);
    const newEmail = `new${randomUUID()}@example.com`;
    await requestEmailChange(ctx, registered.tokens.access, { new_email: newEmail, password: user.password });
    await deliver({ kind: 'verify_email', email_key: emailKey(newEmail), user_id: registered.pk });
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: signup.key }))).toBe(INVALID_VERIFICATION);
    // Its code too is bound to the old address, which the account still has, unverified.
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, email: user.email, code: signup.code }))).toBe('done');
  });

  it('refuses a wrong password, and the account’s own address', async () => {
    const { user, registered } = await userWithVerification();
    const access = registered.tokens.access;
    expect(await outcome(requestEmailChange(ctx, access, { new_email: `x${randomUUID()}@example.com`, password: 'nope-Nope-123' }))).toBe(
      'password: Invalid password.',
    );
    expect(await outcome(requestEmailChange(ctx, access, { new_email: user.email.toUpperCase(), password: user.password }))).toMatch(
      /^new_email:/,
    );
  });

  it('of 20 accounts proving one new address at once, exactly one gets it; the others are told it is taken', async () => {
    const wanted = `contested${randomUUID()}@example.com`;
    const claims = await Promise.all(Array.from({ length: 20 }, () => changing(wanted)));
    const outcomes = await Promise.all(claims.map((c) => outcome(verifyEmail(ctx, { ...NO_KEY, key: c.secrets.key }))));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === `email: ${DUPLICATE_MESSAGES.email}`)).toHaveLength(19);
    const winner = claims[outcomes.indexOf('done')]!;
    expect(await ctx.store.users.findUserIdByEmail(emailKey(wanted))).toBe(winner.registered.pk);
    for (const loser of claims.filter((c) => c !== winner)) {
      expect((await profileOf(loser.registered.tokens.access)).email).toBe(loser.user.email);
    }
  });

  it('never lets an unproven new address block the person who owns it', async () => {
    const { newEmail, secrets, registered } = await changing();
    const owner = await register(quiet, newUser({ email: newEmail }), from());
    expect(owner.email).toBe(newEmail);
    expect(await outcome(verifyEmail(ctx, { ...NO_KEY, key: secrets.key }))).toBe(`email: ${DUPLICATE_MESSAGES.email}`);
    expect((await profileOf(registered.tokens.access)).email).not.toBe(newEmail);
  });

  it('keeps the verified flag on the login item through a rename, so mandatory login still lets the owner in', async () => {
    const mandatory = on({ ACCOUNT_EMAIL_VERIFICATION: 'mandatory' });
    const { user, registered, key } = await userWithVerification();
    await verifyEmail(ctx, { ...NO_KEY, key });
    const renamed = `r${user.username}`;
    const { editProfile } = await import('../../../../lib/auth/profile-edit');
    await editProfile(files, registered.tokens.access, { username: renamed }, { replace: false });
    expect(await outcome(login(mandatory, { username: renamed, password: user.password }, from()))).toBe('done');
  });
});
