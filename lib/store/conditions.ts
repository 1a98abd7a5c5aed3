// Named condition expressions: every conditional write in the store says which one it relies on.

/** The item must not exist yet: registration markers, new token records. */
export const IS_NEW_ITEM = 'attribute_not_exists(pk)';

/** A refresh-token record that exists and has not been revoked. */
export const IS_LIVE_REFRESH_TOKEN = 'attribute_exists(pk) AND attribute_not_exists(revoked_at)';
