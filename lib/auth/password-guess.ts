// Guesses of an account's password made with a bearer token (password change, email change,
// deletion): each try counted in an hourly window per account, beside the profile's read (one
// round trip for both), so a stolen access token never becomes a password oracle.
import type { AppContext } from '../context';
import type { LoginItem, UserProfile } from '../domain/user';
import { RateLimited, TokenInvalid } from '../errors';
import type { WindowOutcome } from '../store';
import { usernameKey } from '../users/username';
import { pseudonyms } from './pseudonyms';

/** Password changes and deletions share one budget; email changes have their own. */
export type GuessWindow = 'password_change' | 'email_change';

/** Counts the try and reads the profile, side by side; the caller decides what a refusal means. */
export async function countGuess(
  ctx: Pick<AppContext, 'config' | 'store' | 'tokens'>,
  purpose: GuessWindow,
  userId: number,
  nowMs: number,
): Promise<{ window: WindowOutcome; user: UserProfile | undefined }> {
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const [window, user] = await Promise.all([
    ctx.store.rateWindows.takeFromWindow(
      purpose,
      names.user(userId),
      { limit: ctx.config.passwordChangeMaxAttempts, windowMs: 3_600_000 },
      nowMs,
    ),
    ctx.store.users.findUser(userId),
  ]);
  return { window, user };
}

/**
 * Past the window, the active account's login item (its key and the hash the guess is checked
 * against); 429 over the limit, and the token refused for an account gone or inactive.
 */
export async function guessTarget(
  ctx: Pick<AppContext, 'store'>,
  { window, user }: { window: WindowOutcome; user: UserProfile | undefined },
): Promise<{ user: UserProfile; key: string; login: LoginItem }> {
  if (!window.allowed) throw new RateLimited(Math.ceil(window.retryAfterMs / 1000));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  const key = user.username_key ?? usernameKey(user.username);
  const login = await ctx.store.users.findLoginItem(key);
  if (!login || login.user_id !== user.id) throw new TokenInvalid('login item missing');
  return { user, key, login };
}
