// A typed code's tries (password reset and email verification codes): one try counted and the
// code's item returned in one conditional write, so parallel tries can never pass the cap.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import type { ItemKey } from './keys';
import { isConditionalCheckFailed } from './translate';

/**
 * Counts one try of the code at `key` and returns its item as it is after the try; undefined for
 * a void (`maxAttempts` tries), expired or absent code. Known and unknown addresses cost the same
 * single write. Never retried by the SDK: a retry of a try that landed would count it twice.
 */
export async function takeCodeAttempt(
  db: Db,
  key: ItemKey,
  maxAttempts: number,
  nowMs: number,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { Attributes } = await db.unretried.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk) AND attempts < :max AND expires_ms > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts, ':now': nowMs },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}
