// Refresh-token records: one item per issued token, keyed by jti inside its owner's partition,
// expiring with the token (TTL); rotation supersedes a record by its successor.
import { TokenInvalid } from '../errors';
import { tableName } from './client';
import { IS_LIVE_ITEM, IS_ROTATABLE_REFRESH_TOKEN } from './conditions';
import { keys } from './keys';
import { putNewItem, transactWrite } from './transact';

export interface RefreshTokenRecord {
  jti: string;
  user_id: number;
  sid: string;
  /** Epoch seconds, copied from the token's iat and exp; expires_at is the table's TTL attribute. */
  issued_at: number;
  expires_at: number;
  /** Epoch ms: when rotation first replaced this token. */
  superseded_ms?: number;
  /** Epoch ms: when logout revoked it. */
  revoked_ms?: number;
}

/** The Put that records a newly issued token, for use inside a transaction. */
export function putRefreshTokenRequest(record: RefreshTokenRecord) {
  return putNewItem({ ...keys.refreshToken(record.user_id, record.jti), type: 'refresh_token', ...record });
}

export interface Rotation {
  presented: { userId: number; jti: string; sid: string };
  successor: RefreshTokenRecord;
  nowMs: number;
  /** Epoch ms before which a supersession counts as reuse rather than a concurrent retry. */
  graceStartMs: number;
}

/**
 * One transaction: mark the presented token superseded (keeping the first time it was), extend
 * the session to the successor's expiry, record the successor. Every step is conditional, so a
 * token superseded before the grace window, a revoked token or a revoked session issues nothing.
 */
export async function rotateRefreshToken({ presented, successor, nowMs, graceStartMs }: Rotation): Promise<void> {
  const table = tableName();
  await transactWrite(
    [
      {
        Update: {
          TableName: table,
          Key: keys.refreshToken(presented.userId, presented.jti),
          UpdateExpression: 'SET superseded_ms = if_not_exists(superseded_ms, :now)',
          ConditionExpression: IS_ROTATABLE_REFRESH_TOKEN,
          ExpressionAttributeValues: { ':now': nowMs, ':grace_start': graceStartMs },
        },
      },
      {
        Update: {
          TableName: table,
          Key: keys.session(presented.userId, presented.sid),
          UpdateExpression: 'SET expires_at = :expires_at',
          ConditionExpression: IS_LIVE_ITEM,
          ExpressionAttributeValues: { ':expires_at': successor.expires_at },
        },
      },
      putRefreshTokenRequest(successor),
    ],
    () => new TokenInvalid('refresh token superseded, revoked or its session ended'),
  );
}
