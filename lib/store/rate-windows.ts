// Fixed-window rate limits in the table ("at most N per hour" for registrations): one counter item
// per window, counted and checked in one conditional write.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { windowEndMs, windowIndex, type RateRule } from '../domain/rate-window';
import type { Db } from './client';
import { keys } from './keys';
import { isConditionalCheckFailed } from './translate';

export type WindowOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };

export function rateWindowStore(db: Db) {
  return {
    /** Counts one request of `subject` (a pseudonym) for `purpose`, unless its window is full. */
    async takeFromWindow(purpose: string, subject: string, rule: RateRule, nowMs: number): Promise<WindowOutcome> {
      const endMs = windowEndMs(rule, nowMs);
      try {
        await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.rateWindow(purpose, subject, windowIndex(rule, nowMs)),
            UpdateExpression: 'ADD requests :one SET expires_at = :expires_at, #type = :type',
            ConditionExpression: 'attribute_not_exists(pk) OR requests < :limit',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':expires_at': Math.ceil(endMs / 1000), ':type': 'rate_window' },
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return { allowed: false, retryAfterMs: endMs - nowMs };
      }
    },
  };
}
