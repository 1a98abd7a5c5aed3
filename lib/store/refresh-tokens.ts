// Refresh-token records: one item per issued token, keyed by jti, expiring with the token (TTL).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TokenInvalid } from '../errors';
import { documentClient, tableName } from './client';
import { IS_LIVE_REFRESH_TOKEN, IS_NEW_ITEM } from './conditions';
import { keys } from './keys';
import { isConditionalCheckFailed } from './translate';

export interface RefreshTokenRecord {
  jti: string;
  user_id: number;
  /** Epoch seconds, copied from the token's iat and exp; expires_at is the table's TTL attribute. */
  issued_at: number;
  expires_at: number;
  revoked_at?: number;
}

export function refreshTokenItem(record: RefreshTokenRecord) {
  return { ...keys.refreshToken(record.user_id, record.jti), type: 'refresh_token', ...record };
}

/** The Put that records a newly issued token, for use alone or inside a transaction. */
export function putRefreshTokenRequest(record: RefreshTokenRecord) {
  return { TableName: tableName(), Item: refreshTokenItem(record), ConditionExpression: IS_NEW_ITEM };
}

export async function findRefreshToken(userId: number, jti: string): Promise<RefreshTokenRecord | undefined> {
  const { Item } = await documentClient().send(
    // Consistent: a token revoked a moment ago must not refresh on a stale replica.
    new GetCommand({ TableName: tableName(), Key: keys.refreshToken(userId, jti), ConsistentRead: true }),
  );
  return Item as RefreshTokenRecord | undefined;
}

/** Revokes a live token in one conditional write; unknown or already revoked tokens fail. */
export async function revokeRefreshToken(userId: number, jti: string, at: number): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.refreshToken(userId, jti),
        UpdateExpression: 'SET revoked_at = :at',
        ConditionExpression: IS_LIVE_REFRESH_TOKEN,
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new TokenInvalid('refresh token unknown or already revoked');
    throw error;
  }
}

export async function saveRefreshToken(record: RefreshTokenRecord): Promise<void> {
  await documentClient().send(new PutCommand(putRefreshTokenRequest(record)));
}
