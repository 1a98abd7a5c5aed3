// Sessions as devices: the session item a login or registration writes beside its first token
// (with where it came from), the use a refresh records on it, the owner's list, and ending one by sid.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeviceUse, RefreshTokenRecord, SessionRecord } from '../domain/session';
import type { SecurityEvent } from '../domain/security-event';
import type { UserProfile } from '../domain/user';
import type { Db } from './client';
import { IS_ACTIVE_ACCOUNT, IS_LIVE_SESSION_ITEM, IS_UNENDED_SESSION, SESSION_PREDATES_NO_LOGOUT_ALL } from './conditions';
import { keys } from './keys';
import { eventWrites } from './security-log';
import { putNew, writeTogether, type TransactItem } from './transact';
import { isConditionalCheckFailed, isTransactionConflict } from './translate';

/** The session item of a new session, written in the same transaction as its first token. */
export function putSessionStart(db: Db, token: RefreshTokenRecord, device: DeviceUse): TransactItem {
  return putNew(db, {
    ...keys.session(token.user_id, token.sid),
    type: 'session',
    sid: token.sid,
    user_id: token.user_id,
    expires_at: token.expires_at,
    last_used_ms: device.used_ms,
    ip: device.ip,
    user_agent: device.user_agent,
  });
}

/** The SET clause and values recording a use, for any Update of a session item. */
export function deviceUseSet(device: DeviceUse) {
  return {
    set: 'last_used_ms = :used_ms, ip = :ip, user_agent = :user_agent',
    values: { ':used_ms': device.used_ms, ':ip': device.ip, ':user_agent': device.user_agent },
  };
}

export interface SessionPage {
  /** The page's unended, unexpired session items, newest first (the use case filters the rest). */
  sessions: SessionRecord[];
  /** The sid to continue after, when DynamoDB has more items of the partition to read. */
  next?: string;
}

export interface DevicePageRequest {
  userId: number;
  limit: number;
  after?: string;
  nowMs: number;
}

export function deviceStore(db: Db) {
  return {
    /**
     * A refresh's record of where the session is used, sent beside the refresh's own read (no round
     * trip of its own). Only on an unended session's existing item, and never older over newer: a
     * refresh token replayed after its account was erased must not write a session item back (a
     * session begun before items were written at login gets one at its first rotation or logout).
     * Best effort: returns false instead of failing the refresh it accompanies.
     */
    async recordUse(userId: number, sid: string, device: DeviceUse): Promise<boolean> {
      const use = deviceUseSet(device);
      try {
        await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.session(userId, sid),
            UpdateExpression: `SET ${use.set}`,
            ConditionExpression: `attribute_exists(pk) AND ${IS_UNENDED_SESSION} AND (attribute_not_exists(last_used_ms) OR last_used_ms <= :used_ms)`,
            ExpressionAttributeValues: use.values,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error) || isTransactionConflict(error)) return false;
        throw error;
      }
    },

    /**
     * One page of the user's session items, newest first, beside the profile (one round trip):
     * ended and expired sessions are filtered out by DynamoDB, so a page may hold fewer than
     * `limit` sessions and still have a next one.
     */
    async listSessions({ userId, limit, after, nowMs }: DevicePageRequest): Promise<{ user?: UserProfile; page: SessionPage }> {
      const [profile, query] = await Promise.all([
        db.client.send(new GetCommand({ TableName: db.table, Key: keys.user(userId), ConsistentRead: true })),
        db.client.send(
          new QueryCommand({
            TableName: db.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: `${IS_UNENDED_SESSION} AND expires_at > :now_s`,
            ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':prefix': 'SESSION#', ':now_s': Math.floor(nowMs / 1000) },
            ScanIndexForward: false,
            ConsistentRead: true,
            Limit: limit,
            ...(after ? { ExclusiveStartKey: keys.session(userId, after) } : {}),
          }),
        ),
      ]);
      const last: unknown = query.LastEvaluatedKey?.sk;
      return {
        user: profile.Item as UserProfile | undefined,
        page: {
          sessions: (query.Items ?? []) as SessionRecord[],
          ...(typeof last === 'string' ? { next: last.slice('SESSION#'.length) } : {}),
        },
      };
    },

    /**
     * Ends one of the user's own sessions by sid: the key is in the user's own partition, so another
     * user's sid is simply not there. Refused (false) when absent, already ended, expired, or ended
     * by a later "logout everywhere", or when the account is inactive.
     */
    async endSessionById(userId: number, sid: string, createdMs: number, nowMs: number, event?: SecurityEvent): Promise<boolean> {
      const outcome = await writeTogether(db, [
        {
          name: 'session',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.session(userId, sid),
              UpdateExpression: 'SET revoked_ms = :now, revoked_reason = :reason',
              ConditionExpression: IS_LIVE_SESSION_ITEM,
              ExpressionAttributeValues: { ':now': nowMs, ':reason': 'ended by its user', ':now_s': Math.floor(nowMs / 1000) },
            },
          },
        },
        {
          name: 'user',
          write: {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.user(userId),
              ConditionExpression: `${SESSION_PREDATES_NO_LOGOUT_ALL} AND ${IS_ACTIVE_ACCOUNT}`,
              ExpressionAttributeValues: { ':session_created_ms': createdMs, ':sid': sid, ':active': true },
            },
          },
        },
        ...eventWrites(db, userId, event),
      ]);
      return outcome.written;
    },
  };
}

export type DeviceStore = ReturnType<typeof deviceStore>;
