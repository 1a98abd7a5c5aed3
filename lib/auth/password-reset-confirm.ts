// Use case: set a new password with the reset link's uid and token, or with the email and the
// typed code. Every way a secret can be wrong (unknown, used, superseded, expired, void, a
// deactivated account) gets the same answer; a success ends every session and clears the lock.
import type { AppContext } from '../context';
import type { ResetProof } from '../domain/password-reset';
import type { UserProfile } from '../domain/user';
import { ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { hashPassword } from '../passwords';
import { emailKey, normaliseEmail } from '../users/email';
import { usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { clearLock } from './account-lock';
import { checkNewPasswordAlone, checkNewPasswordFor, newPasswordFields } from './new-password';
import { pseudonyms } from './pseudonyms';
import { decodeUid, hashResetCode, hashResetToken, sameHash } from './reset-secrets';
import type { DeviceRequest } from './device';
import { newEvent } from './security-log';

const optional = { default: '', allowBlank: true, maxLength: 256 };

export const passwordResetConfirmInput = {
  uid: string(optional),
  token: string(optional),
  email: string({ ...optional, refine: (value) => (value === '' ? { ok: true, value } : normaliseEmail(value)) }),
  code: string(optional),
  ...newPasswordFields,
};

export const PASSWORD_RESET_DONE = { detail: 'Password has been reset with the new password.' } as const;

export const INVALID_RESET = 'The password reset link or code is invalid or has expired.';

interface Proven {
  user: UserProfile;
  proof: ResetProof;
  codeKey: string;
  /** The link was mailed to the profile's current address: the reset proves it. */
  provesEmail?: boolean;
}

const refused = (field: 'token' | 'code', reason: string) =>
  new ValidationFailed({ [field]: ['Invalid value'] }, INVALID_RESET, { reason });

async function proveByLink(ctx: AppContext, uid: string, token: string, nowMs: number): Promise<Proven> {
  const userId = decodeUid(uid);
  if (userId === undefined) throw refused('token', 'uid is not one');
  const [reset, user] = await Promise.all([ctx.store.passwordResets.findPendingReset(userId), ctx.store.users.findUser(userId)]);
  const tokenHash = hashResetToken(token);
  if (!reset || !sameHash(reset.token_hash, tokenHash)) throw refused('token', 'no such pending reset');
  if (reset.expires_ms <= nowMs) throw refused('token', 'reset expired');
  if (!user?.is_active) throw refused('token', 'user missing or inactive');
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const provesEmail = user.email_key !== undefined && names.email(user.email_key) === reset.code_key;
  return { user, proof: { by: 'token', tokenHash }, codeKey: reset.code_key, provesEmail };
}

async function proveByCode(ctx: AppContext, email: string, code: string, nowMs: number): Promise<Proven> {
  const secret = await ctx.tokens.pseudonymSecret();
  const codeKey = pseudonyms(secret).email(emailKey(email));
  // The try is counted before the code is compared, in the same write that reads it: parallel
  // guesses cannot exceed the cap, and an unknown address costs the same one write.
  const attempt = await ctx.store.passwordResets.takeCodeAttempt(codeKey, nowMs);
  if (!attempt) throw refused('code', 'no live code for this address');
  const codeHash = hashResetCode(secret, attempt.user_id, code);
  if (!/^[0-9]{8}$/.test(code) || !sameHash(attempt.code_hash, codeHash)) throw refused('code', `wrong code (try ${attempt.attempts})`);
  const user = await ctx.store.users.findUser(attempt.user_id);
  if (!user?.is_active) throw refused('code', 'user missing or inactive');
  return { user, proof: { by: 'code', codeKey, codeHash }, codeKey };
}

export async function confirmPasswordReset(
  ctx: AppContext,
  input: Parsed<typeof passwordResetConfirmInput>,
  request?: DeviceRequest,
): Promise<typeof PASSWORD_RESET_DONE> {
  const byLink = input.uid !== '' || input.token !== '';
  if (byLink ? input.uid === '' || input.token === '' : input.email === '' || input.code === '') {
    const missing = byLink ? { uid: input.uid, token: input.token } : { email: input.email, code: input.code };
    throw new ValidationFailed(
      Object.fromEntries(Object.entries(missing).flatMap(([k, v]) => (v === '' ? [[k, ['This field is required.']]] : []))),
    );
  }
  // Checked before the secret is tried, so a weak password does not use up one of the code's tries.
  checkNewPasswordAlone(input);
  const nowMs = Date.now();
  const { user, proof, codeKey, provesEmail } = byLink
    ? await proveByLink(ctx, input.uid, input.token, nowMs)
    : await proveByCode(ctx, input.email, input.code, nowMs);
  checkNewPasswordFor(user, input.new_password1);

  const key = usernameKey(user.username);
  const passwordHash = await hashPassword(input.new_password1, ctx.config.bcryptCost);
  // Only the link proves the address: a code is typed by whoever reads the mail, or guessed.
  const provenEmailKey =
    provesEmail && ctx.config.emailVerification.mode !== 'none' && user.email_verified !== true ? user.email_key : undefined;
  const outcome = await ctx.store.passwordResets.resetPassword({
    userId: user.id,
    usernameKey: key,
    passwordHash,
    nowMs,
    proof,
    codeKey,
    ...(provenEmailKey === undefined ? {} : { provenEmailKey }),
    event: newEvent(ctx, 'password_reset', nowMs, request),
  });
  // A parallel confirmation spent the secret first, a newer request replaced it, or the account was deactivated.
  if (outcome === 'refused') throw refused(proof.by, 'secret spent or account changed meanwhile');
  ctx.metrics.count(Metric.PasswordReset);
  await clearLock(ctx, key);
  return PASSWORD_RESET_DONE;
}
