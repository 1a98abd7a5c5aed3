// Use case: a signed-in user changes their password. The old one must be proven (each try is
// rationed per account: a stolen access token must not become a password oracle); the caller's
// own session goes on, every other session ends.
import type { AppContext } from '../context';
import { RateLimited, TokenInvalid, ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { hashPassword, verifyPassword } from '../passwords';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { usernameKey } from '../users/username';
import { ACCESS } from '../tokens';
import { string, type Parsed } from '../validation';
import { checkNewPasswordAlone, checkNewPasswordFor, newPasswordFields } from './new-password';
import { clearLock } from './account-lock';
import type { DeviceRequest } from './device';
import { pseudonyms } from './pseudonyms';
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
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  // The try is counted beside the profile's read: one round trip for both.
  const [window, user] = await Promise.all([
    store.rateWindows.takeFromWindow(
      'password_change',
      names.user(claims.user_id),
      { limit: config.passwordChangeMaxAttempts, windowMs: 3_600_000 },
      nowMs,
    ),
    store.users.findUser(claims.user_id),
  ]);
  if (!window.allowed) throw new RateLimited(Math.ceil(window.retryAfterMs / 1000));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  const key = usernameKey(user.username);
  const login = await store.users.findLoginItem(key);
  if (!login || login.user_id !== user.id) throw new TokenInvalid('login item missing');
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
