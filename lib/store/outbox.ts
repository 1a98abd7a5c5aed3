// The outbox: mail owed to someone, as items the table's stream hands to the mailer. A message is
// written in the same write as the state change that calls for it, so neither happens without the other.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage, StoredOutboxMessage } from '../domain/outbox';
import type { Db } from './client';
import { keys } from './keys';
import type { TransactItem } from './transact';

/** The stream's filter selects these items by this type (serverless.yml, scripts/local/stream.ts). */
export const OUTBOX_TYPE = 'outbox';

/** Unsent mail is dropped after a week: a reset link would have expired long before. */
const KEEP_SECONDS = 7 * 86_400;

/** The Put of a new outbox message, to send alone or inside another write. */
export function outboxWrite(db: Db, message: OutboxMessage, nowMs = Date.now()): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.outbox(randomUUID()),
        type: OUTBOX_TYPE,
        ...message,
        created_ms: nowMs,
        expires_at: Math.ceil(nowMs / 1000) + KEEP_SECONDS,
      },
    },
  };
}

/** An outbox item as read from the stream (plain values), or undefined if it is not one. */
export function toOutboxMessage(item: Record<string, unknown>): StoredOutboxMessage | undefined {
  if (item.type !== OUTBOX_TYPE || typeof item.pk !== 'string') return undefined;
  const id = item.pk.slice('OUTBOX#'.length);
  const created_ms = Number(item.created_ms);
  if (item.kind === 'password_reset' && typeof item.email_key === 'string') {
    return { id, created_ms, kind: 'password_reset', email_key: item.email_key };
  }
  if (item.kind === 'password_changed' && typeof item.user_id === 'number') {
    return { id, created_ms, kind: 'password_changed', user_id: item.user_id };
  }
  if (item.kind === 'verify_email' && typeof item.email_key === 'string') {
    const user = typeof item.user_id === 'number' ? { user_id: item.user_id } : {};
    return { id, created_ms, kind: 'verify_email', email_key: item.email_key, ...user };
  }
  if (item.kind === 'verify_email' && typeof item.user_id === 'number') {
    return { id, created_ms, kind: 'verify_email', user_id: item.user_id };
  }
  if (item.kind === 'email_change_requested' && typeof item.user_id === 'number') {
    return { id, created_ms, kind: 'email_change_requested', user_id: item.user_id };
  }
  return undefined;
}

export function outboxStore(db: Db) {
  return {
    /** Queues one message on its own (a request that changes nothing else). */
    async enqueue(message: OutboxMessage, nowMs = Date.now()): Promise<void> {
      await db.client.send(new PutCommand(outboxWrite(db, message, nowMs).Put!));
    },

    /** Removes a sent message (its removal does not invoke the mailer: the stream filter takes inserts only). */
    async markSent(id: string): Promise<void> {
      await db.client.send(new DeleteCommand({ TableName: db.table, Key: keys.outbox(id) }));
    },
  };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
