// Login's database traffic in its own shapes (docs/data-model.md: #12's attempt counting before the
// password check, then the session's write beside the counters' give-back), without any of our code:
// with one bcrypt compare between the two waits, the least a login can cost.
import { BatchGetCommand, DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/store/client';

export interface LoginFloor {
  /** Three attempt counters counted, beside the consistent read of the login item and the address's trust. */
  firstWait: (i: number) => Promise<unknown>;
  /** The token and session written on condition, the pair counter deleted, two counters given back, the address trusted. */
  write: (i: number) => Promise<unknown>;
}

export function loginFloor({ client, table }: Db): LoginFloor {
  const counter = (sk: string, update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>) =>
    client.send(new UpdateCommand({ TableName: table, Key: { pk: 'floor-counter', sk }, ...update }));
  return {
    firstWait: (i) =>
      Promise.all([
        ...['pair', 'address', 'account'].map((sk) =>
          counter(sk, {
            UpdateExpression: 'ADD attempts :one SET last_ms = :now',
            ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :max',
            ExpressionAttributeValues: { ':one': 1, ':now': Date.now(), ':max': 1e9 },
            ReturnValues: 'ALL_OLD',
          }),
        ),
        client.send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: ['login', `trust${i}`].map((sk) => ({ pk: 'floor', sk })), ConsistentRead: true } },
          }),
        ),
      ]),
    write: (i) => {
      const fresh = `${i}x${Date.now()}`;
      return Promise.all([
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...['token', 'session'].map((kind) => ({
                Put: {
                  TableName: table,
                  Item: { pk: 'floor-login', sk: `${kind}${fresh}`, expires_at: 0 },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
              {
                ConditionCheck: {
                  TableName: table,
                  Key: { pk: 'floor', sk: 'login' },
                  ConditionExpression: 'attribute_not_exists(is_active)',
                },
              },
            ],
          }),
        ),
        client.send(new DeleteCommand({ TableName: table, Key: { pk: 'floor-counter', sk: 'pair' } })),
        ...['address', 'account'].map((sk) =>
          counter(sk, { UpdateExpression: 'ADD attempts :minus', ExpressionAttributeValues: { ':minus': -1 } }),
        ),
        client.send(new PutCommand({ TableName: table, Item: { pk: 'floor', sk: `trust${fresh}`, expires_at: 0 } })),
      ]);
    },
  };
}
