// Use case: "I forgot my password". The request path only counts and queues: the same work, the
// same answer for every valid address, known or not. Whether an account holds the address is
// found out by the mailer, after the response (lib/auth/deliver-mail.ts).
import type { AppContext } from '../context';
import { limitedAddress } from '../domain/client-address';
import { RateLimited } from '../errors';
import { Metric } from '../metrics';
import { emailKey, normaliseEmail } from '../users/email';
import { string, type Parsed } from '../validation';
import { pseudonyms } from './pseudonyms';

export const passwordResetInput = {
  email: string({ refine: normaliseEmail }),
};

export const RESET_SENT = { detail: 'Password reset e-mail has been sent.' } as const;

const HOUR_MS = 3_600_000;

export async function requestPasswordReset(
  ctx: AppContext,
  { email }: Parsed<typeof passwordResetInput>,
  { sourceIp }: { sourceIp: string },
): Promise<typeof RESET_SENT> {
  const { config, store } = ctx;
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const key = emailKey(email);
  const nowMs = Date.now();
  // The source first: a client over its own limit must not use up the victim address's windows.
  const bySource = await store.rateWindows.takeFromWindow(
    'password_reset_source',
    names.address(limitedAddress(sourceIp)),
    { limit: config.passwordReset.ipMaxPerHour, windowMs: HOUR_MS },
    nowMs,
  );
  if (!bySource.allowed) throw new RateLimited(Math.ceil(bySource.retryAfterMs / 1000));
  // Per address, known or not, so the answer (429 included) says nothing about an account.
  const byEmail = await store.rateWindows.takeFromWindow(
    'password_reset_email',
    names.email(key),
    { limit: config.passwordReset.emailMaxPerHour, windowMs: HOUR_MS },
    nowMs,
  );
  if (!byEmail.allowed) throw new RateLimited(Math.ceil(byEmail.retryAfterMs / 1000));
  await store.outbox.enqueue({ kind: 'password_reset', email_key: key }, nowMs);
  ctx.metrics.count(Metric.PasswordResetRequested);
  return RESET_SENT;
}
