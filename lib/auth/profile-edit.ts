// Use case: the bearer edits their profile (dj-rest-auth's PATCH/PUT user/): first and last name,
// and the username under registration's rules and uniqueness. Nothing else is ever set: email
// has its own flow; pk, is_active, email_verified and unknown fields are read-only and ignored.
import type { AppContext } from '../context';
import type { ImageUrlContext } from '../context/image-urls';
import type { UserProfile } from '../domain/user';
import { ServiceUnavailable, TokenInvalid, UserExists, ValidationFailed } from '../errors';
import { withRetries } from '../retry';
import type { EditOutcome } from '../store';
import { ACCESS } from '../tokens';
import { NAME_MAX_LENGTH, visibleName } from '../users/names';
import { newUsername, normaliseUsername, usernameKey } from '../users/username';
import { MESSAGES, optional, string, type Parsed } from '../validation';
import { publicProfile, type PublicProfile } from './profile';
import { profileImageOf } from './profile-image';

const name = string({ allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName });

/** Every field optional here; PUT requires `username` (DRF: a full update needs every required field). */
export const profileEditInput = {
  // Django's character rules here; the rules for new names apply once it is known to be new.
  username: optional(string({ refine: normaliseUsername })),
  first_name: optional(name),
  last_name: optional(name),
};

export type ProfileEdit = Partial<Parsed<typeof profileEditInput>>;

/** An edit that read a profile another edit changed before it wrote is read again and retried. */
const STALE = { attempts: 6, baseDelayMs: 10, maxDelayMs: 200 };

class Stale extends Error {}

export async function editProfile(
  ctx: ImageUrlContext,
  accessToken: string,
  edit: ProfileEdit,
  { replace }: { replace: boolean },
): Promise<PublicProfile> {
  if (replace && edit.username === undefined) throw new ValidationFailed({ username: [MESSAGES.required] });
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const userId = Number(claims.sub);
  try {
    const profile = await withRetries(
      STALE,
      (error) => error instanceof Stale,
      () => attempt(ctx, userId, edit),
    );
    ctx.log.info('security event: profile edited', {
      event: 'profile_edited',
      user_id: userId,
      fields: Object.keys(edit).filter((k) => edit[k as keyof ProfileEdit] !== undefined),
    });
    // As GET /me/ shows it, image URL included.
    return { ...publicProfile(profile), profile_image: await profileImageOf(ctx, profile) };
  } catch (error) {
    if (error instanceof Stale) throw new ServiceUnavailable('profile kept changing during the edit');
    throw error;
  }
}

async function attempt(ctx: AppContext, userId: number, edit: ProfileEdit): Promise<UserProfile> {
  const { profiles, users } = ctx.store;
  const current = await users.findUser(userId);
  if (!current?.is_active) throw new TokenInvalid('user missing or inactive');
  const fromKey = current.username_key ?? usernameKey(current.username);
  const names = { first_name: edit.first_name, last_name: edit.last_name };
  const wanted = edit.username;

  let outcome: EditOutcome;
  if (wanted === undefined || wanted === current.username) {
    if (names.first_name === undefined && names.last_name === undefined) return current;
    outcome = await profiles.editProfile(userId, fromKey, names);
  } else {
    // A name the account does not hold yet must pass registration's rules.
    const checked = newUsername(wanted);
    if (!checked.ok) throw new ValidationFailed({ username: checked.errors });
    const toKey = usernameKey(checked.value);
    if (toKey === fromKey) {
      outcome = await profiles.editProfile(userId, fromKey, { ...names, username: checked.value });
    } else {
      const login = await profiles.readLoginItem(fromKey);
      if (!login || login.user_id !== userId) throw new Stale();
      outcome = await profiles.renameUser(current, { fromKey, login, username: checked.value, toKey }, names);
    }
  }
  if (outcome.kind === 'taken') throw new UserExists(['username']);
  if (outcome.kind === 'stale') throw new Stale();
  return outcome.profile;
}
