// Register's database traffic in its own shapes (docs/data-model.md: the source's rate window, then
// the id counter while bcrypt hashes, then one transaction of the account's new items), without
// any of our code: with the hash, the least a registration can cost.
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/store/client';

export interface RegisterFloor {
  /** The source address's registration window, counted on condition it is below its limit. */
  rateWindow: () => Promise<unknown>;
  /** The next user id. */
  nextId: () => Promise<unknown>;
  /** Profile, username and email markers, refresh token, session and outbox item, each on condition it is new. */
  write: (i: number) => Promise<unknown>;
}

export function registerFloor({ client, table }: Db): RegisterFloor {
  return {
    rateWindow: () =>
      client.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'floor-register', sk: 'WINDOW' },
          UpdateExpression: 'ADD requests :one',
          ConditionExpression: 'attribute_not_exists(requests) OR requests < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': 1e9 },
        }),
      ),
    nextId: () =>
      client.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'floor-register', sk: 'COUNTER' },
          UpdateExpression: 'ADD next_id :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    write: (i) => {
      const fresh = `${i}x${Date.now()}x${Math.random()}`;
      return client.send(
        new TransactWriteCommand({
          TransactItems: ['profile', 'username', 'email', 'token', 'session', 'outbox'].map((kind) => ({
            Put: {
              TableName: table,
              Item: { pk: `floor-register#${kind}#${fresh}`, sk: kind, expires_at: 0 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        }),
      );
    },
  };
}
