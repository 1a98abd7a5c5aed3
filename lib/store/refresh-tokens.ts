// Refresh-token records: one item per issued token, keyed by jti inside its owner's partition,
// expiring with the token (TTL); rotation (lib/store/sessions) supersedes a record by its successor.
import { keys } from './keys';
import { putNewItem } from './transact';

/** Enough of an issued refresh token to sign it again, identically (RS256 is deterministic). */
export interface IssuedToken {
  jti: string;
  /** Epoch seconds. */
  issued_at: number;
  expires_at: number;
}

export interface RefreshTokenRecord {
  jti: string;
  user_id: number;
  sid: string;
  /** Epoch seconds, copied from the token's iat and exp; expires_at is the table's TTL attribute. */
  issued_at: number;
  expires_at: number;
  /** Epoch ms: when rotation replaced this token. */
  superseded_ms?: number;
  /** What that rotation issued in its place: presenting this token again within the grace window answers with the same successor. */
  successor?: IssuedToken;
  /** Epoch ms: when logout revoked it. */
  revoked_ms?: number;
}

/** The Put that records a newly issued token, for use inside a transaction. */
export function putRefreshTokenRequest(record: RefreshTokenRecord) {
  return putNewItem({ ...keys.refreshToken(record.user_id, record.jti), type: 'refresh_token', ...record });
}
