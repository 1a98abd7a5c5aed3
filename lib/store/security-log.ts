// The security log: events as items in their user's partition (so an erasure takes them along),
// written inside the writes the use cases already make, read newest first a page at a time.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SecurityEvent } from '../domain/security-event';
import type { Db } from './client';
import { IS_ACTIVE_ACCOUNT } from './conditions';
import { keys } from './keys';
import { writeTogether, type NamedWrite } from './transact';

const PREFIX = 'EVENT#';

/** The event as one more Put of a transaction the caller already sends (no round trip of its own). */
export function eventWrite(db: Db, userId: number, event: SecurityEvent): NamedWrite {
  return { name: 'event', write: { Put: { TableName: db.table, Item: eventItem(userId, event) } } };
}

/** Several callers take an optional event: none, no write. */
export const eventWrites = (db: Db, userId: number, event: SecurityEvent | undefined): NamedWrite[] =>
  event ? [eventWrite(db, userId, event)] : [];

function eventItem(userId: number, event: SecurityEvent): Record<string, unknown> {
  return { ...keys.securityEvent(userId, event.id), type: 'security_event', user_id: userId, ...event };
}

export interface EventPage {
  events: SecurityEvent[];
  /** The event id to continue after, when there may be more. */
  next?: string;
}

function toEvent(item: Record<string, unknown>): SecurityEvent {
  const { pk: _pk, sk: _sk, type: _type, user_id: _user, ...event } = item;
  return event as unknown as SecurityEvent;
}

export function securityLogStore(db: Db) {
  return {
    /** An event no other write carries (an operator's action, reuse detection): its own PutItem. */
    async record(userId: number, event: SecurityEvent): Promise<void> {
      await db.client.send(new PutCommand({ TableName: db.table, Item: eventItem(userId, event) }));
    },

    /**
     * A failed login's event, written only while the login item still names this active account,
     * so never into an account being erased, nor into one whose name was freed and taken again.
     * An unknown name sends the same transaction against a login item that does not exist: it is
     * refused and writes nothing, and the failure costs the same round trip whoever it names.
     */
    async recordLoginFailure(usernameKey: string, userId: number | undefined, event: SecurityEvent): Promise<void> {
      const owner = userId ?? 0;
      await writeTogether(db, [
        {
          name: 'account',
          write: {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.username(usernameKey),
              ConditionExpression: `${IS_ACTIVE_ACCOUNT} AND user_id = :user_id`,
              ExpressionAttributeValues: { ':active': true, ':user_id': owner },
            },
          },
        },
        eventWrite(db, owner, event),
      ]);
    },

    /** One page of the user's events, newest first; expired ones TTL has not removed yet are left out. */
    async page(userId: number, limit: number, nowMs: number, after?: string): Promise<EventPage> {
      const { Items, LastEvaluatedKey } = await db.client.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'expires_at > :now_s',
          ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':prefix': PREFIX, ':now_s': Math.floor(nowMs / 1000) },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
          ...(after ? { ExclusiveStartKey: keys.securityEvent(userId, after) } : {}),
        }),
      );
      const last: unknown = LastEvaluatedKey?.sk;
      return {
        events: (Items ?? []).map(toEvent),
        ...(typeof last === 'string' ? { next: last.slice(PREFIX.length) } : {}),
      };
    },
  };
}

export type SecurityLogStore = ReturnType<typeof securityLogStore>;
