// Use case: a signed-in user leaves (djoser's DELETE /users/me/ with current_password): the
// password is proven (each try rationed like a password change's: a stolen access token must not
// become a password oracle), then the account is erased (lib/auth/erasure).
import type { FilesContext } from '../context/files';
import { ValidationFailed } from '../errors';
import { verifyPassword } from '../passwords';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { ACCESS } from '../tokens';
import { string, type Parsed } from '../validation';
import { eraseAccount } from './erasure';
import { countGuess, guessTarget } from './password-guess';

export const deleteAccountInput = {
  current_password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

/** djoser's INVALID_PASSWORD_ERROR. */
export const INVALID_PASSWORD = 'Invalid password.';

export async function deleteAccount(ctx: FilesContext, accessToken: string, input: Parsed<typeof deleteAccountInput>): Promise<void> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const userId = claims.user_id;
  const nowMs = Date.now();
  // One budget with password changes: both are guesses of the password behind a bearer token.
  const counted = await countGuess(ctx, 'password_change', userId, nowMs);
  // An erasure the owner already asked for (with the password) and that was interrupted: resume it.
  if (counted.user?.deleted_ms !== undefined) {
    await eraseAccount(ctx, userId, nowMs);
    return;
  }
  const { user, login } = await guessTarget(ctx, counted);
  if (!(await verifyPassword(input.current_password, login.password_hash))) {
    throw new ValidationFailed({ current_password: [INVALID_PASSWORD] });
  }
  await eraseAccount(ctx, userId, nowMs, user);
}
