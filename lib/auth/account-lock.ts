// After a password reset or change the owner is back in control: the account's failed logins are forgotten.
import type { AppContext } from '../context';
import { pseudonyms } from './pseudonyms';

/** Best effort: a lock left behind ends by itself. */
export async function clearLock(ctx: AppContext, key: string): Promise<void> {
  try {
    await ctx.store.attempts.clearAccount(pseudonyms(await ctx.tokens.pseudonymSecret()).account(key));
  } catch (error) {
    ctx.log.warn('login lock not cleared after a password change', { reason: String(error) });
  }
}
