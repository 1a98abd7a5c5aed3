// Refresh-token records: one item per issued token, keyed by jti inside its owner's partition,
// expiring with the token (TTL); rotation (lib/store/sessions) supersedes a record by its successor.
import type { RefreshTokenRecord } from '../domain/session';
import type { Db } from './client';
import { keys } from './keys';
import { putNew, type TransactItem } from './transact';

/** The Put that records a newly issued token, on condition its jti is new. */
export function putRefreshToken(db: Db, record: RefreshTokenRecord): TransactItem {
  return putNew(db, { ...keys.refreshToken(record.user_id, record.jti), type: 'refresh_token', ...record });
}
