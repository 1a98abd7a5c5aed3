// Use case: a signed-in user changes their password. The old one must be proven (each try is
// rationed per account: a stolen access token must not become a password oracle); the caller's
// own session goes on, every other session ends.
import type { AppContext } from '../context';
import { ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { hashPassword, verifyPassword } from '../passwords';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { ACCESS } from '../tokens';
import { string, type Parsed } from '../validation';
import { checkNewPasswordAlone, checkNewPasswordFor, newPasswordFields } from './new-password';
import { clearLock } from './account-lock';
import type { DeviceRequest } from './device';
import { countGuess, guessTarget } from './password-guess';
import { newEvent } from './security-log';

export const passwordChangeInput = {
  old_password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
  ...newPasswordFields,
};

export const PASSWORD_SAVED = { detail: 'New password has been saved.' } as const;

export const WRONG_OLD_PASSWORD = 'Your old password was entered incorrectly. Please enter it again.';

export async function changePassword(
  ctx: AppContext,
  accessToken: string,
  input: Parsed<typeof passwordChangeInput>,
  request?: DeviceRequest,
): Promise<typeof PASSWORD_SAVED> {
  const { config, store } = ctx;
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  checkNewPasswordAlone(input);
  const nowMs = Date.now();
  const { user, key, login } = await guessTarget(ctx, await countGuess(ctx, 'password_change', claims.user_id, nowMs));
  if (!(await verifyPassword(input.old_password, login.password_hash))) throw new ValidationFailed({ old_password: [WRONG_OLD_PASSWORD] });
  checkNewPasswordFor(user, input.new_password1);

  const passwordHash = await hashPassword(input.new_password1, config.bcryptCost);
  const outcome = await store.passwordResets.changePassword({
    userId: user.id,
    usernameKey: key,
    passwordHash,
    verifiedHash: login.password_hash,
    keepSid: claims.sid,
    nowMs,
    event: newEvent(ctx, 'password_changed', nowMs, request, { sid: claims.sid }),
  });
  // Another change (or a reset) committed between the read and this write, or a deactivation.
  if (outcome === 'refused')
    throw new ValidationFailed({ old_password: [WRONG_OLD_PASSWORD] }, undefined, { reason: 'password changed meanwhile' });
  ctx.metrics.count(Metric.PasswordChanged);
  await clearLock(ctx, key);
  return PASSWORD_SAVED;
}
