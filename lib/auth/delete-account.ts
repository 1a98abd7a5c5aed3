// Use case: a signed-in user leaves (djoser's DELETE /users/me/ with current_password): the
// password is proven (each try rationed like a password change's: a stolen access token must not
// become a password oracle), then the account is erased (lib/auth/erasure).
import type { FilesContext } from '../context/files';
import { RateLimited, TokenInvalid, ValidationFailed } from '../errors';
import { verifyPassword } from '../passwords';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { usernameKey } from '../users/username';
import { ACCESS } from '../tokens';
import { string, type Parsed } from '../validation';
import { eraseAccount } from './erasure';
import { pseudonyms } from './pseudonyms';

export const deleteAccountInput = {
  current_password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

/** djoser's INVALID_PASSWORD_ERROR. */
export const INVALID_PASSWORD = 'Invalid password.';

export async function deleteAccount(ctx: FilesContext, accessToken: string, input: Parsed<typeof deleteAccountInput>): Promise<void> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const userId = claims.user_id;
  const nowMs = Date.now();
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  // One budget with password changes: both are guesses of the password behind a bearer token.
  const [window, user] = await Promise.all([
    ctx.store.rateWindows.takeFromWindow(
      'password_change',
      names.user(userId),
      { limit: ctx.config.passwordChangeMaxAttempts, windowMs: 3_600_000 },
      nowMs,
    ),
    ctx.store.users.findUser(userId),
  ]);
  // An erasure the owner already asked for (with the password) and that was interrupted: resume it.
  if (user?.deleted_ms !== undefined) {
    await eraseAccount(ctx, userId, nowMs);
    return;
  }
  if (!window.allowed) throw new RateLimited(Math.ceil(window.retryAfterMs / 1000));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  const login = await ctx.store.users.findLoginItem(user.username_key ?? usernameKey(user.username));
  if (!login || login.user_id !== user.id) throw new TokenInvalid('login item missing');
  if (!(await verifyPassword(input.current_password, login.password_hash))) {
    throw new ValidationFailed({ current_password: [INVALID_PASSWORD] });
  }
  await eraseAccount(ctx, userId, nowMs, user);
}
