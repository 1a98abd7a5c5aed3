// Password reset in-process against DynamoDB Local: the races and clocks that HTTP cannot stage
// cheaply (25 parallel tries, expiry on a frozen clock), and the rules the mailer enforces. Mail
// goes to a capturing sender here; the real SES path is tested over HTTP (functions/password-reset).
import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { deliverMail } from '../../../../lib/auth/deliver-mail';
import { changePassword } from '../../../../lib/auth/password-change';
import { requestPasswordReset } from '../../../../lib/auth/password-reset';
import { confirmPasswordReset, INVALID_RESET } from '../../../../lib/auth/password-reset-confirm';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';
import { register } from '../../../../lib/auth/register';
import type { MailContext } from '../../../../lib/context/mail';
import type { MailMessage } from '../../../../lib/mail/messages';
import { keys } from '../../../../lib/store/keys';
import { emailKey } from '../../../../lib/users/email';
import { usernameKey } from '../../../../lib/users/username';
import { testContext, testDb } from '../../../support/context';
import { newUser } from '../../../support/http';
import { resetSecretsIn } from '../../../support/inbox';

const ctx = testContext();
const db = testDb();
const FROM = { sourceIp: '198.51.100.60' };
const NEW = { new_password1: 'marmalade-Orbit-93', new_password2: 'marmalade-Orbit-93' };

/** The mailer with a sender that keeps what it would send. */
function mailer(overrides: Record<string, string> = {}) {
  const sent: { to: string; mail: MailMessage }[] = [];
  const base = Object.keys(overrides).length > 0 ? testContext(overrides) : ctx;
  const mctx: MailContext = { ...base, mail: { send: async (to, mail) => void sent.push({ to, mail }) } };
  return { mctx, sent };
}

/** Registers a user and delivers a reset to them; returns the mail's secrets. */
async function userWithReset(overrides: Record<string, string> = {}, nowMs = Date.now()) {
  const user = newUser();
  const registered = await register(ctx, user, FROM);
  const { mctx, sent } = mailer(overrides);
  const message = { id: randomUUID(), created_ms: nowMs, kind: 'password_reset' as const, email_key: emailKey(user.email) };
  expect(await deliverMail(mctx, message, nowMs)).toBe('sent');
  const { uid, token, code } = resetSecretsIn(sent[0]!.mail.text);
  return { user, registered, uid, token, code, sent };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: { publicMessage?: string }) => error.publicMessage,
  );

describe('password reset, in-process', () => {
  it('checks at most 5 codes of 25 sent at once: the count is taken in the read, and the right code is then void', async () => {
    const { user, code } = await userWithReset();
    const wrong = (i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        refusal(confirmPasswordReset(ctx, { uid: '', token: '', email: user.email, code: wrong(i), ...NEW })),
      ),
    );
    expect(outcomes.every((o) => o === INVALID_RESET)).toBe(true);
    const codeKey = pseudonyms(await ctx.tokens.pseudonymSecret()).email(emailKey(user.email));
    const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.resetCode(codeKey), ConsistentRead: true }));
    expect(Item?.attempts).toBe(5);
    expect(await refusal(confirmPasswordReset(ctx, { uid: '', token: '', email: user.email, code, ...NEW }))).toBe(INVALID_RESET);
  });

  it('lets exactly one of 25 parallel confirmations of one link through', async () => {
    const { uid, token } = await userWithReset();
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, () => refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW }))),
    );
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === INVALID_RESET)).toHaveLength(24);
  });

  it('lets a link and its code race: one of them wins', async () => {
    const { user, uid, token, code } = await userWithReset();
    const outcomes = await Promise.all([
      refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW })),
      refusal(confirmPasswordReset(ctx, { uid: '', token: '', email: user.email, code, ...NEW })),
    ]);
    expect(outcomes.sort()).toEqual([INVALID_RESET, 'done'].sort());
  });

  it('refuses the link and the code once PASSWORD_RESET_TIMEOUT_SECONDS have passed, though the items are still there', async () => {
    const issuedMs = Date.now();
    const { user, uid, token, code } = await userWithReset({ PASSWORD_RESET_TIMEOUT_SECONDS: '60' }, issuedMs - 61_000);
    expect(await refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW }))).toBe(INVALID_RESET);
    expect(await refusal(confirmPasswordReset(ctx, { uid: '', token: '', email: user.email, code, ...NEW }))).toBe(INVALID_RESET);
  });

  it('works until just before expiry', async () => {
    const { uid, token } = await userWithReset({ PASSWORD_RESET_TIMEOUT_SECONDS: '60' }, Date.now() - 55_000);
    expect(await refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW }))).toBe('done');
  });

  it('sends nothing for an unknown address or a deactivated account, and a deactivation voids a pending link', async () => {
    const { mctx, sent } = mailer();
    const unknown = {
      id: randomUUID(),
      created_ms: Date.now(),
      kind: 'password_reset' as const,
      email_key: `nobody${randomUUID()}@example.com`,
    };
    expect(await deliverMail(mctx, unknown)).toBe('skipped');

    const { user, registered, uid, token } = await userWithReset();
    await ctx.store.users.setUserActive(registered.pk, usernameKey(user.username), false);
    expect(await refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW }))).toBe(INVALID_RESET);
    const again = { id: randomUUID(), created_ms: Date.now(), kind: 'password_reset' as const, email_key: emailKey(user.email) };
    expect(await deliverMail(mctx, again)).toBe('skipped');
    expect(sent).toEqual([]);
  });

  it('lets an imported user whose Django password is unusable set one', async () => {
    const { user, uid, token } = await userWithReset();
    await db.client.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.username(usernameKey(user.username)),
        UpdateExpression: 'SET password_hash = :unusable',
        ExpressionAttributeValues: { ':unusable': '!QsWrXkE8hGdfmUcnzXCA3YbTs1eU4NqiFrk8RsDv' },
      }),
    );
    expect(await refusal(confirmPasswordReset(ctx, { uid, token, email: '', code: '', ...NEW }))).toBe('done');
    const login = await ctx.store.users.findLoginItem(usernameKey(user.username));
    expect(login?.password_hash).toMatch(/^bcrypt_sha256\$/);
  });

  it('keeps the mail free of secrets but the link and the code, and logs neither', async () => {
    const { user, sent, token, code } = await userWithReset();
    const [{ to, mail }] = sent as [{ to: string; mail: MailMessage }];
    expect(to).toBe(user.email);
    expect(mail.subject).toBe('Auth API: reset your password');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(token);
      expect(part).toContain(code);
      expect(part).not.toContain(user.password);
    }
  });
});

describe('password reset request, in-process', () => {
  it('limits requests per source address (PASSWORD_RESET_IP_MAX_PER_HOUR), whatever the addresses asked for', async () => {
    const limited = testContext({ PASSWORD_RESET_IP_MAX_PER_HOUR: '2' });
    const from = { sourceIp: `198.51.100.${Math.floor(Math.random() * 200) + 50}` };
    const ask = () => refusal(requestPasswordReset(limited, { email: `nobody${randomUUID()}@example.com` }, from));
    const outcomes = [await ask(), await ask(), await ask()];
    expect(outcomes[0]).toBe('done');
    expect(outcomes[1]).toBe('done');
    expect(outcomes[2]).toMatch(/^Request was throttled\. Expected available in \d+ seconds\.$/);
  });
});

describe('password change, in-process', () => {
  it('of two changes racing from two sessions with the same old password, one wins', async () => {
    const user = newUser();
    const first = await register(ctx, user, FROM);
    const body = (n: string) => ({ old_password: user.password, new_password1: `changed-Heron-${n}`, new_password2: `changed-Heron-${n}` });
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((n) => refusal(changePassword(ctx, first.tokens.access, body(n)))));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o !== 'done')) expect(o).toMatch(/^old_password: |Request was throttled|entered incorrectly/);
  });
});
