// Reads the table's stream records (as Lambda delivers them, and as the local poller replays
// them) into outbox messages; the only place that knows the stream's item encoding.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredOutboxMessage } from '../domain/outbox';
import { toOutboxMessage } from './outbox';

/** One stream record: what the mailer needs of Lambda's DynamoDBRecord. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown>; SequenceNumber?: string };
}

/**
 * Each record's outbox message, with the record's sequence number (to report a failed one back
 * to Lambda); records that are not inserted outbox items are left out (the trigger's filter
 * should never let them through).
 */
export function outboxFromStream(records: StreamRecord[]): { sequence: string; message: StoredOutboxMessage }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const message = toOutboxMessage(unmarshall(image as Record<string, AttributeValue>));
    return message ? [{ sequence: record.dynamodb?.SequenceNumber ?? '', message }] : [];
  });
}
