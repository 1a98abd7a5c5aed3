// Reads simplejwt's token blacklist from a Django dump (`dumpdata … token_blacklist`): the jtis of
// refresh tokens Django had blacklisted, which stay refused during the cut-over window.

/** The two models of rest_framework_simplejwt.token_blacklist, as dumpdata names them. */
export const OUTSTANDING_MODEL = 'token_blacklist.outstandingtoken';
export const BLACKLISTED_MODEL = 'token_blacklist.blacklistedtoken';

export const isBlacklistEntry = (entry: unknown): boolean => {
  const model = typeof entry === 'object' && entry !== null ? (entry as { model?: unknown }).model : undefined;
  return model === OUTSTANDING_MODEL || model === BLACKLISTED_MODEL;
};

/** A blacklisted simplejwt refresh token, enough to record its jti as revoked in its user's partition. */
export interface BlacklistedToken {
  jti: string;
  userId: number;
  /** Epoch seconds (OutstandingToken.created_at is the token's iat). */
  issuedAt: number;
  /** Epoch seconds: the record expires with the token. */
  expiresAt: number;
}

export interface DjangoBlacklist {
  /** Blacklisted and still unexpired at `nowMs`: these are written. */
  tokens: BlacklistedToken[];
  /** OutstandingToken rows read (every refresh token Django issued and remembered). */
  outstanding: number;
  /** Blacklisted but already expired: their `exp` refuses them, nothing to write. */
  expired: number;
  /** Rows that could not be read, by pk with the reason. */
  rejected: { pk: string; reason: string }[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const seconds = (value: unknown): number | undefined => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
};

/** The blacklist of a dump's entries; a dump without token_blacklist rows has an empty one. */
export function readDjangoBlacklist(entries: unknown[], nowMs = Date.now()): DjangoBlacklist {
  const outstanding = new Map<unknown, Record<string, unknown>>();
  const blacklisted: { pk: unknown; token: unknown }[] = [];
  for (const entry of entries) {
    if (!isObject(entry) || !isObject(entry.fields)) continue;
    if (entry.model === OUTSTANDING_MODEL) outstanding.set(entry.pk, entry.fields);
    if (entry.model === BLACKLISTED_MODEL) blacklisted.push({ pk: entry.pk, token: entry.fields.token });
  }
  const result: DjangoBlacklist = { tokens: [], outstanding: outstanding.size, expired: 0, rejected: [] };
  for (const { pk, token } of blacklisted) {
    const fields = outstanding.get(token);
    const reject = (reason: string) => result.rejected.push({ pk: `blacklistedtoken ${String(pk)}`, reason });
    if (!fields) {
      reject(`its outstandingtoken ${String(token)} is not in the dump`);
      continue;
    }
    const { jti, user, created_at, expires_at } = fields;
    const issuedAt = seconds(created_at);
    const expiresAt = seconds(expires_at);
    if (typeof jti !== 'string' || jti === '' || issuedAt === undefined || expiresAt === undefined) {
      reject('its outstandingtoken has no jti, created_at or expires_at');
      continue;
    }
    // A deleted user's token names a pk that is not imported: refused without any record.
    if (typeof user !== 'number' || !Number.isSafeInteger(user) || user < 1) continue;
    if (expiresAt * 1000 <= nowMs) {
      result.expired += 1;
      continue;
    }
    result.tokens.push({ jti, userId: user, issuedAt, expiresAt });
  }
  return result;
}
