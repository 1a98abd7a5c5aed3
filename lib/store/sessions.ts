// Sessions (token families): started at login, read with their token at refresh, ended by logout,
// revoked whole on refresh-token reuse, and ended together by "logout everywhere".
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCredentials, TokenInvalid } from '../errors';
import { documentClient, tableName } from './client';
import { IS_LIVE_ITEM, SESSION_PREDATES_NO_LOGOUT_ALL } from './conditions';
import { keys, type ItemKey } from './keys';
import { putRefreshTokenRequest, type RefreshTokenRecord } from './refresh-tokens';
import { putNewItem, transactGet, transactWrite, type TransactItem } from './transact';
import { isConditionalCheckFailed } from './translate';
import type { UserProfile } from './users';

export interface SessionRecord {
  sid: string;
  user_id: number;
  created_ms: number;
  /** Epoch seconds: the newest refresh token's expiry (TTL attribute). */
  expires_at: number;
  revoked_ms?: number;
  revoked_reason?: string;
}

export interface SessionRef {
  userId: number;
  jti: string;
  sid: string;
  /** From the sid itself (see lib/auth/session-id). */
  createdMs: number;
}

export function putSessionRequest(session: SessionRecord) {
  return putNewItem({ ...keys.session(session.user_id, session.sid), type: 'session', ...session });
}

/**
 * Login: the session and its first refresh token (and any `also` item: a counter reset, a
 * password rehash), together or not at all.
 */
export async function startSession(session: SessionRecord, token: RefreshTokenRecord, also: TransactItem[] = []): Promise<void> {
  await transactWrite([putSessionRequest(session), putRefreshTokenRequest(token), ...also], (codes) =>
    // The only conditional `also` item is the rehash: the password hash changed since login read
    // it, so the check it passed no longer stands.
    codes.slice(2).includes('ConditionalCheckFailed') ? new InvalidCredentials() : new Error('duplicate session or token id'),
  );
}

export interface RefreshState {
  token?: RefreshTokenRecord;
  session?: SessionRecord;
  user?: UserProfile & { sessions_revoked_ms?: number };
}

/** The token record, its session and its user in one consistent round trip. */
export async function readRefreshState(userId: number, jti: string, sid: string): Promise<RefreshState> {
  const [token, session, user] = await transactGet([keys.refreshToken(userId, jti), keys.session(userId, sid), keys.user(userId)]);
  return { token, session, user } as RefreshState;
}

/** Marks a live token record or session revoked, with when and why. */
function revocation(Key: ItemKey, nowMs: number, reason: string) {
  return {
    TableName: tableName(),
    Key,
    UpdateExpression: 'SET revoked_ms = :now, revoked_reason = :reason',
    ConditionExpression: IS_LIVE_ITEM,
    ExpressionAttributeValues: { ':now': nowMs, ':reason': reason },
  };
}

/** Reuse detected: the whole family stops working, whoever holds its newest token. */
export async function revokeSession(userId: number, sid: string, reason: string, nowMs: number): Promise<void> {
  try {
    await documentClient().send(new UpdateCommand(revocation(keys.session(userId, sid), nowMs, reason)));
  } catch (error) {
    // Already revoked (a concurrent reuse, or logout): the outcome the caller wanted.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

const invalid = () => new TokenInvalid('refresh token unknown, revoked or its session ended');

/**
 * Logout: revokes the presented token and its session in one transaction, on condition that both
 * are live and that the user has not logged out everywhere since the session began.
 */
export async function endSession(ref: SessionRef, nowMs: number): Promise<void> {
  await transactWrite(
    [
      { Update: revocation(keys.refreshToken(ref.userId, ref.jti), nowMs, 'logout') },
      { Update: revocation(keys.session(ref.userId, ref.sid), nowMs, 'logout') },
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.user(ref.userId),
          ConditionExpression: SESSION_PREDATES_NO_LOGOUT_ALL,
          ExpressionAttributeValues: { ':session_created_ms': ref.createdMs },
        },
      },
    ],
    invalid,
  );
}

/**
 * Logout everywhere: one write on the user's profile ends every session that began before now,
 * whatever their number; the presented token must itself be live.
 */
export async function endAllSessions(ref: SessionRef, nowMs: number): Promise<void> {
  const table = tableName();
  await transactWrite(
    [
      { ConditionCheck: { TableName: table, Key: keys.refreshToken(ref.userId, ref.jti), ConditionExpression: IS_LIVE_ITEM } },
      { ConditionCheck: { TableName: table, Key: keys.session(ref.userId, ref.sid), ConditionExpression: IS_LIVE_ITEM } },
      {
        Update: {
          TableName: table,
          Key: keys.user(ref.userId),
          UpdateExpression: 'SET sessions_revoked_ms = :now',
          ConditionExpression: SESSION_PREDATES_NO_LOGOUT_ALL,
          ExpressionAttributeValues: { ':now': nowMs, ':session_created_ms': ref.createdMs },
        },
      },
    ],
    invalid,
  );
}
