// Sessions (token families): begun by a login's first refresh token, read with their token at
// refresh, extended by rotation, ended by logout, revoked whole on refresh-token reuse, and ended
// together by "logout everywhere".
// A session's item is written only when the family first changes: login writes one item, its token.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCredentials, TokenInvalid } from '../errors';
import { documentClient, tableName } from './client';
import { IS_LIVE_ITEM, IS_ROTATABLE_REFRESH_TOKEN, IS_UNENDED_SESSION, SESSION_PREDATES_NO_LOGOUT_ALL } from './conditions';
import { keys } from './keys';
import { putRefreshTokenRequest, type RefreshTokenRecord } from './refresh-tokens';
import { readItems } from './batch-get';
import { transactWrite, type TransactItem } from './transact';
import { isConditionalCheckFailed } from './translate';
import type { UserProfile } from './users';

/** What a session's item holds once written; until then the session is live and unchanged. */
export interface SessionRecord {
  sid: string;
  user_id: number;
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
  /** Epoch seconds: the presented token's exp, the session's expiry if its item is first written now. */
  expiresAt: number;
}

/**
 * The Update that writes what changed on a session, creating its item if this is the family's
 * first change, on condition that the session has not ended.
 */
function sessionUpdate(userId: number, sid: string, set: string, values: Record<string, unknown>) {
  return {
    TableName: tableName(),
    Key: keys.session(userId, sid),
    UpdateExpression: `SET #type = :session_type, sid = :sid, user_id = :user_id, ${set}`,
    ConditionExpression: IS_UNENDED_SESSION,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':session_type': 'session', ':sid': sid, ':user_id': userId, ...values },
  };
}

/** Ends a session, with when and why; its item expires with the newest token it already has, else with the presented one. */
const sessionEnd = (userId: number, sid: string, nowMs: number, reason: string, expiresAt: number) =>
  sessionUpdate(userId, sid, 'revoked_ms = :now, revoked_reason = :reason, expires_at = if_not_exists(expires_at, :expires_at)', {
    ':now': nowMs,
    ':reason': reason,
    ':expires_at': expiresAt,
  });

/**
 * Login: the session's first refresh token (and any `also` item: a counter reset, a password
 * rehash), together or not at all. Without `also` this is a single Put.
 */
export async function startSession(token: RefreshTokenRecord, also: TransactItem[] = []): Promise<void> {
  await transactWrite([putRefreshTokenRequest(token), ...also], (codes) =>
    // The only conditional `also` item is the rehash: the password hash changed since login read
    // it, so the check it passed no longer stands.
    codes.slice(1).includes('ConditionalCheckFailed') ? new InvalidCredentials() : new Error('duplicate token id'),
  );
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
 * token superseded before the grace window, a revoked token or an ended session issues nothing.
 */
export async function rotateRefreshToken({ presented, successor, nowMs, graceStartMs }: Rotation): Promise<void> {
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName(),
          Key: keys.refreshToken(presented.userId, presented.jti),
          UpdateExpression: 'SET superseded_ms = if_not_exists(superseded_ms, :now)',
          ConditionExpression: IS_ROTATABLE_REFRESH_TOKEN,
          ExpressionAttributeValues: { ':now': nowMs, ':grace_start': graceStartMs },
        },
      },
      { Update: sessionUpdate(presented.userId, presented.sid, 'expires_at = :expires_at', { ':expires_at': successor.expires_at }) },
      putRefreshTokenRequest(successor),
    ],
    () => new TokenInvalid('refresh token superseded, revoked or its session ended'),
  );
}

export interface RefreshState {
  token?: RefreshTokenRecord;
  /** Absent while the session is live and unchanged. */
  session?: SessionRecord;
  user?: UserProfile & { sessions_revoked_ms?: number };
}

/**
 * The token record, its session and its user in one consistent round trip. Not isolated: a logout
 * or deactivation committing meanwhile may show in some of the three and not others, and each
 * mix either refuses or answers as if the refresh came first.
 */
export async function readRefreshState(userId: number, jti: string, sid: string): Promise<RefreshState> {
  const [token, session, user] = await readItems([keys.refreshToken(userId, jti), keys.session(userId, sid), keys.user(userId)]);
  return { token, session, user } as RefreshState;
}

/** Reuse detected: the whole family stops working, whoever holds its newest token. */
export async function revokeSession(ref: Omit<SessionRef, 'jti' | 'createdMs'>, reason: string, nowMs: number): Promise<void> {
  try {
    await documentClient().send(new UpdateCommand(sessionEnd(ref.userId, ref.sid, nowMs, reason, ref.expiresAt)));
  } catch (error) {
    // Already revoked (a concurrent reuse, or logout): the outcome the caller wanted.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

const invalid = () => new TokenInvalid('refresh token unknown, revoked or its session ended');

/** The presented token's record must exist and be live. */
const tokenRevocation = (ref: SessionRef, nowMs: number) => ({
  TableName: tableName(),
  Key: keys.refreshToken(ref.userId, ref.jti),
  UpdateExpression: 'SET revoked_ms = :now, revoked_reason = :reason',
  ConditionExpression: IS_LIVE_ITEM,
  ExpressionAttributeValues: { ':now': nowMs, ':reason': 'logout' },
});

/**
 * Logout: revokes the presented token and its session in one transaction, on condition that both
 * are live and that the user has not logged out everywhere since the session began.
 */
export async function endSession(ref: SessionRef, nowMs: number): Promise<void> {
  await transactWrite(
    [
      { Update: tokenRevocation(ref, nowMs) },
      { Update: sessionEnd(ref.userId, ref.sid, nowMs, 'logout', ref.expiresAt) },
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
      { ConditionCheck: { TableName: table, Key: keys.session(ref.userId, ref.sid), ConditionExpression: IS_UNENDED_SESSION } },
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
