// Use case: erase an account, for its owner (DELETE /api/auth/me/) or an operator (npm run admin
// -- delete): first every session ends and the account stops working, in one write; then every
// item it owns is deleted, and the stored image; the profile goes last, so running it again resumes.
import type { FilesContext } from '../context/files';
import type { UserProfile } from '../domain/user';
import { ServiceUnavailable } from '../errors';
import { Metric } from '../metrics';
import { ownedItems, type ErasureSubject, type OwnedItems } from '../store';
import { emailKey } from '../users/email';
import { usernameKey } from '../users/username';
import { pseudonyms } from './pseudonyms';

export interface ErasureReport {
  /** `erased`; `no_such_user` when there is no profile (never was, or already erased). */
  outcome: 'erased' | 'no_such_user';
  /** Items deleted from partitions (markers and the profile not counted). */
  items: number;
}

const keyOf = (user: UserProfile) => user.username_key ?? usernameKey(user.username);

/** Who the erasure is about, and the pseudonymous keys of their items (computed as the use cases that write them do). */
export async function erasureSubject(ctx: Pick<FilesContext, 'tokens'>, user: UserProfile): Promise<ErasureSubject> {
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const email = user.email_key ?? (user.email ? emailKey(user.email) : undefined);
  return {
    userId: user.id,
    usernameKey: keyOf(user),
    account: names.account(keyOf(user)),
    user: names.user(user.id),
    ...(email ? { emailKey: email, email: names.email(email) } : {}),
    ...(user.pending_email_key ? { pendingEmail: names.email(user.pending_email_key) } : {}),
  };
}

/** What an erasure of the user would delete (for a dry run). */
export async function erasurePlan(ctx: Pick<FilesContext, 'tokens'>, user: UserProfile): Promise<OwnedItems & { image?: string }> {
  return { ...ownedItems(await erasureSubject(ctx, user)), ...(user.profile_image_key ? { image: user.profile_image_key } : {}) };
}

/**
 * Marks the account deleted (unless an earlier, interrupted erasure did), then deletes the rest.
 * Safe to run twice at once: both delete the same items, and the profile's deletion is last.
 */
export async function eraseAccount(ctx: FilesContext, userId: number, nowMs = Date.now(), read?: UserProfile): Promise<ErasureReport> {
  // The caller's own consistent read of the profile, if it has just made one.
  let user = read ?? (await ctx.store.users.findUser(userId));
  // A rename committing between the read and the mark moves the login item: read again.
  for (let attempt = 0; user && user.deleted_ms === undefined; attempt += 1) {
    if (attempt >= 3) throw new ServiceUnavailable('account kept changing during its erasure');
    const marked = await ctx.store.erasure.markDeleted({ ...user, username_key: keyOf(user) }, nowMs);
    if (marked === 'marked') {
      ctx.metrics.count(Metric.AccountDeleted);
      ctx.log.info('security event: account marked for erasure', { event: 'account_deleted', user_id: userId });
      break;
    }
    user = await ctx.store.users.findUser(userId);
  }
  if (!user) return { outcome: 'no_such_user', items: 0 };

  const owned = ownedItems(await erasureSubject(ctx, user));
  if (user.profile_image_key) await ctx.files.remove(user.profile_image_key);
  const items = await ctx.store.erasure.erasePartitions(owned.partitions.map((p) => p.pk));
  for (const { key } of owned.items) await ctx.store.erasure.deleteIfOwned(key, userId);
  await ctx.store.erasure.deleteMarkedProfile(userId);
  ctx.log.info('account erased', { event: 'account_erased', user_id: userId, items });
  return { outcome: 'erased', items };
}
