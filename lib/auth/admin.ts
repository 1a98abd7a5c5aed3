// Use cases of an operator (npm run admin): find an account, show it (profile, live sessions,
// recent security events; never a hash), disable or enable it, sign it out everywhere, send it a
// password reset, and erase it. Each says what it did; the CLI asks for confirmation first.
import type { FilesContext } from '../context/files';
import type { UserProfile } from '../domain/user';
import { NotFound } from '../errors';
import { emailKey, normaliseEmail } from '../users/email';
import { usernameKey } from '../users/username';
import { sessionCreatedMs } from './session-id';
import { eraseAccount, erasurePlan, type ErasureReport } from './erasure';
import { eventView, newEvent, type SecurityEventView } from './security-log';
import { sessionRevoked } from '../domain/user';

export type AdminContext = FilesContext;

/** What an operator sees of a profile: everything but the internal keys (there is no hash on it). */
export function profileView(user: UserProfile) {
  return {
    pk: user.id,
    username: user.username,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    is_active: user.is_active,
    date_joined: user.date_joined,
    ...(user.imported_from ? { imported_from: user.imported_from } : {}),
    ...(user.sessions_revoked_ms !== undefined ? { sessions_revoked_at: new Date(user.sessions_revoked_ms).toISOString() } : {}),
    ...(user.deleted_ms !== undefined ? { erasure_started_at: new Date(user.deleted_ms).toISOString() } : {}),
    profile_image: user.profile_image_key ?? null,
  };
}

async function userOf(ctx: AdminContext, pk: number): Promise<UserProfile> {
  const user = await ctx.store.users.findUser(pk);
  if (!user) throw new NotFound(`no account with pk ${pk}`);
  return user;
}

const keyOf = (user: UserProfile) => user.username_key ?? usernameKey(user.username);

/** By pk (digits), email (has an @) or username: the pk, or undefined. */
export async function findAccount(ctx: AdminContext, query: string): Promise<ReturnType<typeof profileView> | undefined> {
  let pk: number | undefined;
  if (/^[0-9]+$/.test(query)) pk = Number(query);
  else if (query.includes('@')) {
    const email = normaliseEmail(query);
    pk = email.ok ? await ctx.store.users.findUserIdByEmail(emailKey(email.value)) : undefined;
  } else pk = (await ctx.store.users.findLoginItem(usernameKey(query)))?.user_id;
  const user = pk === undefined ? undefined : await ctx.store.users.findUser(pk);
  return user ? profileView(user) : undefined;
}

export interface AccountView {
  profile: ReturnType<typeof profileView>;
  sessions: { sid: string; created_at: string; last_used_at: string; ip: string; user_agent: string }[];
  events: SecurityEventView[];
}

/** The profile, its live sessions (first 50) and its 20 newest security events. */
export async function showAccount(ctx: AdminContext, pk: number): Promise<AccountView> {
  const nowMs = Date.now();
  const [user, { page }, log] = await Promise.all([
    userOf(ctx, pk),
    ctx.store.devices.listSessions({ userId: pk, limit: 50, nowMs }),
    ctx.store.securityLog.page(pk, 20, nowMs),
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  const live = user.is_active ? page.sessions.filter((s) => !sessionRevoked(user, s.sid, sessionCreatedMs(s.sid))) : [];
  return {
    profile: profileView(user),
    sessions: live.map((s) => ({
      sid: s.sid,
      created_at: iso(sessionCreatedMs(s.sid)),
      last_used_at: iso(s.last_used_ms ?? sessionCreatedMs(s.sid)),
      ip: s.ip ?? '',
      user_agent: s.user_agent ?? '',
    })),
    events: log.events.map(eventView),
  };
}

/** Disables (every session ends; login refused) or enables (no old session comes back) the account. */
export async function setActive(ctx: AdminContext, pk: number, active: boolean): Promise<void> {
  const user = await userOf(ctx, pk);
  if (user.deleted_ms !== undefined) throw new NotFound(`account ${pk} is being erased: finish it with delete`);
  const nowMs = Date.now();
  const event = newEvent(ctx, active ? 'enabled' : 'disabled', nowMs, undefined, { by: 'operator' });
  const outcome = await ctx.store.users.setUserActive(pk, keyOf(user), active, nowMs, event);
  if (outcome !== 'done') throw new NotFound(`account ${pk} vanished or is being erased`);
  ctx.log.info(`security event: account ${active ? 'enabled' : 'disabled'} by an operator`, {
    event: active ? 'enabled' : 'disabled',
    user_id: pk,
  });
}

/** Ends every session begun before now; the account stays active. */
export async function signOut(ctx: AdminContext, pk: number): Promise<void> {
  await userOf(ctx, pk);
  const nowMs = Date.now();
  const outcome = await ctx.store.users.endEverySession(
    pk,
    nowMs,
    newEvent(ctx, 'signed_out_everywhere', nowMs, undefined, { by: 'operator' }),
  );
  if (outcome !== 'done') throw new NotFound(`no account with pk ${pk}`);
}

/** Queues the reset mail to the account's address, as a request of the user would (the mailer sends it if the account is active). */
export async function sendPasswordReset(ctx: AdminContext, pk: number): Promise<string> {
  const user = await userOf(ctx, pk);
  if (!user.email) throw new NotFound(`account ${pk} has no email address`);
  await ctx.store.outbox.enqueue({ kind: 'password_reset', email_key: user.email_key ?? emailKey(user.email) });
  return user.email;
}

/** What delete would erase (dry run). */
export async function planErasure(ctx: AdminContext, pk: number) {
  return erasurePlan(ctx, await userOf(ctx, pk));
}

export async function deleteAccountAsOperator(ctx: AdminContext, pk: number): Promise<ErasureReport> {
  return eraseAccount(ctx, pk);
}
