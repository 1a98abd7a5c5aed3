// Caching of the public, rarely changing documents (JWKS, discovery).

/**
 * Fifteen minutes: verifiers refetch soon after a key is added, and docs/keys.md's rotation
 * procedure waits longer than this (and than API Gateway's own cache of up to two hours)
 * before a new key signs.
 */
export const PUBLISHED_KEYS_CACHE = { 'cache-control': 'public, max-age=900' };
