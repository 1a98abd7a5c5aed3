// The mailer's verification mails: who gets one is decided now, from the current profile (a resend
// for an unknown or verified address, or a change since superseded, sends nothing); the secrets are
// made now, stored as hashes bound to the user and the address, and exist in plain text only here
// and in the mail.
import type { MailContext } from '../context/mail';
import type { OutboxMessage } from '../domain/outbox';
import { emailChangeRequestedMail, verifyEmailMail, type MailMessage } from '../mail/messages';
import { pseudonyms } from './pseudonyms';
import { verificationOf } from './verify-email';
import { hashVerifyCode, hashVerifyToken, newVerifySecrets, verifyKey } from './verify-secrets';

export type Delivery = { to: string; mail: MailMessage } | { skipped: string };

/** Our page, with the key in the fragment (never sent to a server, so never in an access log). */
export function verifyLink(ctx: Pick<MailContext, 'config'>, key: string): string {
  return `${ctx.config.jwt.issuer.replace(/\/$/, '')}/account/verify/#key=${key}`;
}

export async function verifyEmailDelivery(
  ctx: MailContext,
  message: OutboxMessage & { kind: 'verify_email' },
  nowMs: number,
): Promise<Delivery> {
  const userId = message.user_id ?? (await ctx.store.users.findUserIdByEmail(message.email_key!));
  if (userId === undefined) return { skipped: 'no account holds the address' };
  const user = await ctx.store.users.findUser(userId);
  if (!user?.is_active) return { skipped: 'account missing or inactive' };
  const addressKey = message.email_key ?? user.email_key;
  const verification = addressKey === undefined ? undefined : verificationOf(user, addressKey);
  if (!verification) return { skipped: 'address verified already, or no longer the account’s' };

  const secret = await ctx.tokens.pseudonymSecret();
  const { token, code } = newVerifySecrets();
  const { timeoutSeconds } = ctx.config.emailVerification;
  const saved = await ctx.store.emailVerifications.saveVerificationSecrets({
    user_id: user.id,
    email_key: verification.emailKey,
    token_hash: hashVerifyToken(token),
    expires_ms: nowMs + timeoutSeconds * 1000,
    code_key: pseudonyms(secret).email(verification.emailKey),
    code_hash: hashVerifyCode(secret, user.id, verification.emailKey, code),
  });
  if (!saved) return { skipped: 'account erased or deactivated while the mail was prepared' };
  const to = verification.kind === 'change' ? verification.email : user.email;
  const link = verifyLink(ctx, verifyKey(user.id, token));
  return { to, mail: verifyEmailMail(ctx.config.mail.serviceName, { link, code, hours: Math.round(timeoutSeconds / 3600) }) };
}

export async function emailChangeNotice(ctx: MailContext, userId: number): Promise<Delivery> {
  const user = await ctx.store.users.findUser(userId);
  if (!user?.email) return { skipped: 'no address to tell' };
  return { to: user.email, mail: emailChangeRequestedMail(ctx.config.mail.serviceName) };
}
