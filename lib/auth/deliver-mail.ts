// Use case (the mailer): send what the outbox holds. Whether an address has an account is found
// out here, after the request has been answered; a reset's secrets are made only now, stored as
// hashes, and exist in plain text only in this process and in the mail.
import type { MailContext } from '../context/mail';
import type { StoredOutboxMessage } from '../domain/outbox';
import { passwordChangedMail, passwordResetMail } from '../mail/messages';
import { describeError } from '../log';
import { Metric } from '../metrics';
import { outboxFromStream, type StreamRecord } from '../store';
import { emailChangeNotice, verifyEmailDelivery, type Delivery } from './deliver-verification';
import { pseudonyms } from './pseudonyms';
import { encodeUid, hashResetCode, hashResetToken, newResetSecrets } from './reset-secrets';

/** The reset link: the app's own page (PASSWORD_RESET_URL), else ours, with the secrets in the fragment (never sent to a server). */
export function resetLink(ctx: Pick<MailContext, 'config'>, uid: string, token: string): string {
  const template = ctx.config.passwordReset.url;
  if (template) return template.replaceAll('{uid}', encodeURIComponent(uid)).replaceAll('{token}', encodeURIComponent(token));
  return `${ctx.config.jwt.issuer.replace(/\/$/, '')}/account/reset/#uid=${uid}&token=${token}`;
}

async function passwordReset(ctx: MailContext, emailKey: string, nowMs: number): Promise<Delivery> {
  const userId = await ctx.store.users.findUserIdByEmail(emailKey);
  if (userId === undefined) return { skipped: 'no account holds the address' };
  const user = await ctx.store.users.findUser(userId);
  if (!user?.is_active) return { skipped: 'account inactive' };
  // Only a proven address may receive the means to take the account over.
  if (ctx.config.emailVerification.mode === 'mandatory' && user.email_verified !== true) return { skipped: 'address not verified' };
  const secret = await ctx.tokens.pseudonymSecret();
  const { token, code } = newResetSecrets();
  const { timeoutSeconds } = ctx.config.passwordReset;
  const saved = await ctx.store.passwordResets.saveResetSecrets({
    user_id: user.id,
    token_hash: hashResetToken(token),
    code_key: pseudonyms(secret).email(emailKey),
    code_hash: hashResetCode(secret, user.id, code),
    expires_ms: nowMs + timeoutSeconds * 1000,
  });
  // Deactivated or erased since it was read: a link that cannot work is not worth sending.
  if (!saved) return { skipped: 'account inactive' };
  const link = resetLink(ctx, encodeUid(user.id), token);
  return { to: user.email, mail: passwordResetMail(ctx.config.mail.serviceName, { link, code, minutes: Math.round(timeoutSeconds / 60) }) };
}

async function passwordChanged(ctx: MailContext, userId: number): Promise<Delivery> {
  const user = await ctx.store.users.findUser(userId);
  if (!user?.email) return { skipped: 'no address to tell' };
  return { to: user.email, mail: passwordChangedMail(ctx.config.mail.serviceName) };
}

function deliveryOf(ctx: MailContext, message: StoredOutboxMessage, nowMs: number): Promise<Delivery> {
  switch (message.kind) {
    case 'password_reset':
      return passwordReset(ctx, message.email_key, nowMs);
    case 'password_changed':
      return passwordChanged(ctx, message.user_id);
    case 'verify_email':
      return verifyEmailDelivery(ctx, message, nowMs);
    case 'email_change_requested':
      return emailChangeNotice(ctx, message.user_id);
  }
}

/** Sends one message and removes it from the outbox; throws (to be retried) if it could not be sent. */
export async function deliverMail(ctx: MailContext, message: StoredOutboxMessage, nowMs = Date.now()): Promise<'sent' | 'skipped'> {
  const delivery = await deliveryOf(ctx, message, nowMs);
  // Logs name the message and its kind, never the address, the link or the code.
  if ('skipped' in delivery) {
    ctx.log.info('mail not sent', { outbox: message.id, kind: message.kind, reason: delivery.skipped });
  } else {
    await ctx.mail.send(delivery.to, delivery.mail);
    ctx.metrics.count(Metric.MailSent);
    ctx.log.info('mail sent', { outbox: message.id, kind: message.kind });
  }
  await ctx.store.outbox.markSent(message.id);
  return 'skipped' in delivery ? 'skipped' : 'sent';
}

/**
 * A batch from the table's stream, in order. The first message that cannot be sent stops the
 * batch and is reported: Lambda retries from it (later messages with it), then gives the batch to
 * the dead-letter queue. A message sent twice after a retry is the price of never losing one.
 */
export async function deliverStream(
  ctx: MailContext,
  records: StreamRecord[],
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  for (const { sequence, message } of outboxFromStream(records)) {
    try {
      await deliverMail(ctx, message);
    } catch (error) {
      ctx.log.error('mail not sent, will be retried', { outbox: message.id, kind: message.kind, ...describeError(error) });
      return { batchItemFailures: [{ itemIdentifier: sequence }] };
    }
  }
  return { batchItemFailures: [] };
}
