// Use case: "send me the verification again" (dj-rest-auth's registration/resend-email/), and the
// rationing every verification mail shares: per address, so no flood of requests floods an inbox.
import type { AppContext } from '../context';
import { limitedAddress } from '../domain/client-address';
import type { OutboxMessage } from '../domain/outbox';
import { RateLimited } from '../errors';
import { emailKey, normaliseEmail } from '../users/email';
import { string, type Parsed } from '../validation';
import { pseudonyms } from './pseudonyms';

export const resendEmailInput = {
  email: string({ refine: normaliseEmail }),
};

export const RESENT = { detail: 'ok' } as const;

const HOUR_MS = 3_600_000;

/**
 * Takes one mail from the address's hourly allowance (PASSWORD_RESET_EMAIL_MAX_PER_HOUR, counted
 * apart from resets): a subject is an address's pseudonym, or an account's when only it is known.
 */
export async function verificationAllowed(ctx: AppContext, subject: { emailKey: string } | { userId: number }, nowMs: number) {
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const [purpose, name] =
    'emailKey' in subject ? ['verify_email_address', names.email(subject.emailKey)] : ['verify_email_user', names.user(subject.userId)];
  const window = await ctx.store.rateWindows.takeFromWindow(
    purpose,
    name,
    { limit: ctx.config.passwordReset.emailMaxPerHour, windowMs: HOUR_MS },
    nowMs,
  );
  return window;
}

/** Queues a verification mail if the allowance lets it; says whether it did. */
export async function queueVerification(ctx: AppContext, message: OutboxMessage & { kind: 'verify_email' }, nowMs: number) {
  const subject = message.email_key !== undefined ? { emailKey: message.email_key } : { userId: message.user_id };
  if (!(await verificationAllowed(ctx, subject, nowMs)).allowed) return false;
  await ctx.store.outbox.enqueue(message, nowMs);
  return true;
}

/**
 * The same work and the same 200 for every address, known, unknown or verified: whether an
 * account holds it, and whether it is verified, is found out by the mailer after the response.
 * Past the address's allowance the mail is silently not sent (the answer says nothing); past the
 * source's (PASSWORD_RESET_IP_MAX_PER_HOUR, counted apart) the client gets its 429.
 */
export async function resendVerification(
  ctx: AppContext,
  { email }: Parsed<typeof resendEmailInput>,
  { sourceIp }: { sourceIp: string },
): Promise<typeof RESENT> {
  const nowMs = Date.now();
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const bySource = await ctx.store.rateWindows.takeFromWindow(
    'verify_email_source',
    names.address(limitedAddress(sourceIp)),
    { limit: ctx.config.passwordReset.ipMaxPerHour, windowMs: HOUR_MS },
    nowMs,
  );
  if (!bySource.allowed) throw new RateLimited(Math.ceil(bySource.retryAfterMs / 1000));
  const queued = await queueVerification(ctx, { kind: 'verify_email', email_key: emailKey(email) }, nowMs);
  ctx.log.debug('verification resend', { queued });
  return RESENT;
}
