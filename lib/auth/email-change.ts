// Use case: a signed-in user asks to change their address (POST email/change/). Nothing changes yet:
// the new address is recorded as pending, a verification goes to it and a notice to the current
// one; the profile's address changes only when the new one is proven (lib/auth/verify-email.ts).
import type { AppContext } from '../context';
import { RateLimited, ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { verifyPassword } from '../passwords';
import { ACCESS } from '../tokens';
import { emailKey, normaliseEmail } from '../users/email';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { string, type Parsed } from '../validation';
import { countGuess, guessTarget } from './password-guess';
import { verificationAllowed } from './verification-mail';

export const emailChangeInput = {
  new_email: string({ refine: normaliseEmail }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

export const CHANGE_REQUESTED = { detail: 'Verification e-mail sent.' } as const;

export const WRONG_PASSWORD = 'Invalid password.';

export async function requestEmailChange(
  ctx: AppContext,
  accessToken: string,
  input: Parsed<typeof emailChangeInput>,
): Promise<typeof CHANGE_REQUESTED> {
  const { store } = ctx;
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const nowMs = Date.now();
  // Each try is a password guess with a stolen access token: rationed like a password change
  // (PASSWORD_CHANGE_MAX_ATTEMPTS an hour, counted apart), beside the profile's read.
  const { user, key, login } = await guessTarget(ctx, await countGuess(ctx, 'email_change', claims.user_id, nowMs));
  if (!(await verifyPassword(input.password, login.password_hash))) throw new ValidationFailed({ password: [WRONG_PASSWORD] });

  const newKey = emailKey(input.new_email);
  if (newKey === user.email_key) throw new ValidationFailed({ new_email: ['This is already the account’s e-mail address.'] });
  // Whether another account holds the address is not said here (it would tell who has an
  // account): its verification fails then. The address's inbox is rationed like every other.
  const allowance = await verificationAllowed(ctx, { emailKey: newKey }, nowMs);
  if (!allowance.allowed) throw new RateLimited(Math.ceil(allowance.retryAfterMs / 1000));
  const outcome = await store.emailVerifications.requestEmailChange(
    user.id,
    { email: input.new_email, emailKey: newKey, verifiedHash: login.password_hash, usernameKey: key },
    nowMs,
  );
  // The password was changed, or the account deactivated, between the read and the write.
  if (outcome === 'refused') throw new ValidationFailed({ password: [WRONG_PASSWORD] }, undefined, { reason: 'account changed meanwhile' });
  ctx.metrics.count(Metric.EmailChangeRequested);
  ctx.log.info('security event: email change requested', { event: 'email_change_requested', user_id: user.id });
  return CHANGE_REQUESTED;
}
