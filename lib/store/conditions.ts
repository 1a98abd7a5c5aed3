// Named condition expressions: every conditional write in the store says which one it relies on.

/** The item must not exist yet: registration markers, new token records. */
export const IS_NEW_ITEM = 'attribute_not_exists(pk)';

/** A refresh-token record that exists and has not been revoked. */
export const IS_LIVE_ITEM = 'attribute_exists(pk) AND attribute_not_exists(revoked_ms)';

/**
 * A session that has not ended. Its item is written only when the family first changes (rotation,
 * logout, reuse), so an absent item is a live session: the condition holds, and an Update creates it.
 */
export const IS_UNENDED_SESSION = 'attribute_not_exists(revoked_ms)';

/**
 * A live refresh token that no rotation has superseded yet: of concurrent refreshes of one token,
 * one rotates it and the others answer with the successor it recorded, so the family never forks.
 */
export const IS_ROTATABLE_REFRESH_TOKEN = `${IS_LIVE_ITEM} AND attribute_not_exists(superseded_ms)`;

/**
 * A live refresh token that is not being reused: never superseded, or superseded inside the reuse
 * grace window (`:grace_start`, epoch ms). Presenting one superseded earlier is reuse wherever it
 * is presented, logout included.
 */
export const IS_UNREUSED_REFRESH_TOKEN = `${IS_LIVE_ITEM} AND (attribute_not_exists(superseded_ms) OR superseded_ms >= :grace_start)`;

/**
 * A simplejwt token's record (Django import, LEGACY_SIMPLEJWT_UNTIL): absent until it is first
 * rotated, revoked or blacklisted, and then marked `legacy` (`:legacy` is true), never one of ours.
 */
export const IS_ABSENT_OR_LEGACY = '(attribute_not_exists(pk) OR legacy = :legacy)';

/** IS_ROTATABLE_REFRESH_TOKEN for a simplejwt token, which may have no record yet. */
export const IS_ROTATABLE_LEGACY_TOKEN = `${IS_ABSENT_OR_LEGACY} AND attribute_not_exists(revoked_ms) AND attribute_not_exists(superseded_ms)`;

/** IS_UNREUSED_REFRESH_TOKEN for a simplejwt token, which may have no record yet. */
export const IS_UNREUSED_LEGACY_TOKEN = `${IS_ABSENT_OR_LEGACY} AND attribute_not_exists(revoked_ms) AND (attribute_not_exists(superseded_ms) OR superseded_ms >= :grace_start)`;

/**
 * The profile is a Django user's, imported with its pk (`:imported_from` is 'django'), and active
 * (`:active` is true): the only users whose simplejwt tokens are honoured.
 */
export const IS_ACTIVE_IMPORTED_USER = 'imported_from = :imported_from AND is_active = :active';

/**
 * The user has not logged out everywhere since the session began (`:session_created_ms`), or the
 * session (`:sid`) is the one a password change kept.
 */
export const SESSION_PREDATES_NO_LOGOUT_ALL =
  'attribute_exists(pk) AND (attribute_not_exists(sessions_revoked_ms) OR sessions_revoked_ms < :session_created_ms OR sessions_revoked_except = :sid)';

/** The login item (or profile) of an account that is still active (`:active` is true). */
export const IS_ACTIVE_ACCOUNT = 'is_active = :active';

/** The stored password hash is still the one login verified (`:verified_hash`). */
export const PASSWORD_HASH_UNCHANGED = 'password_hash = :verified_hash';

/** The id counter has not reached `:last_id` yet: it only ever moves forward. */
export const COUNTER_BELOW = 'attribute_not_exists(last_id) OR last_id < :last_id';

/** A session item that exists, has not ended and has not expired (`:now_s`, epoch seconds): one its owner can end. */
export const IS_LIVE_SESSION_ITEM = `attribute_exists(pk) AND ${IS_UNENDED_SESSION} AND expires_at > :now_s`;
