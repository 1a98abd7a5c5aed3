// User records: the id counter, the registration transaction, and the login item lookup.
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable, UserExists } from '../errors';
import { documentClient, tableName } from './client';
import { IS_NEW_ITEM } from './conditions';
import { keys, type ItemKey } from './keys';
import { putRefreshTokenRequest, type RefreshTokenRecord } from './refresh-tokens';
import { cancellationCodes } from './translate';

export interface UserProfile {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  profile_image: string | null;
  is_active: boolean;
  /** ISO 8601. */
  date_joined: string;
}

export interface NewUser extends UserProfile {
  username_key: string;
  email_key: string;
  password_hash: string;
}

/** What login needs, denormalised onto the username marker so login reads one item. */
export interface LoginItem {
  user_id: number;
  password_hash: string;
  is_active: boolean;
}

/** Hands out the next integer pk. Ids burned by failed registrations leave gaps, like a SQL sequence. */
export async function allocateUserId(): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.userIdCounter(),
      UpdateExpression: 'ADD last_id :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.last_id);
}

const TRANSACTION_ATTEMPTS = 5;

/**
 * Writes the profile, both uniqueness markers and the first refresh token in one transaction:
 * all or nothing. Of concurrent registrations of one username or email exactly one commits;
 * the others see ConditionalCheckFailed (retrying first if DynamoDB reports a conflict with a
 * transaction still in flight) and become UserExists naming every field that was taken.
 */
export async function createUser(user: NewUser, firstToken: RefreshTokenRecord): Promise<void> {
  const { username_key, email_key, password_hash, ...profile } = user;
  const table = tableName();
  const putNew = (Item: Record<string, unknown>) => ({ Put: { TableName: table, Item, ConditionExpression: IS_NEW_ITEM } });
  // The order matters: cancellation reasons come back by index (1 = username, 2 = email).
  const request = new TransactWriteCommand({
    TransactItems: [
      putNew({ ...keys.user(user.id), type: 'user', ...profile, username_key, email_key }),
      putNew({ ...keys.username(username_key), type: 'username', user_id: user.id, password_hash, is_active: user.is_active }),
      putNew({ ...keys.email(email_key), type: 'email', user_id: user.id }),
      { Put: putRefreshTokenRequest(firstToken) },
    ],
  });

  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(request);
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      const taken = { username: codes[1] === 'ConditionalCheckFailed', email: codes[2] === 'ConditionalCheckFailed' };
      if (taken.username || taken.email) throw new UserExists(taken);
      if (!codes.includes('TransactionConflict')) throw error;
      if (attempt === TRANSACTION_ATTEMPTS) throw new ServiceUnavailable('registration kept conflicting', { cause: error });
      await sleep(10 * 2 ** attempt * Math.random());
    }
  }
}

export async function findLoginItem(usernameKey: string): Promise<LoginItem | undefined> {
  const { Item } = await documentClient().send(
    // Consistent, so that a login right after registration finds the new user.
    new GetCommand({ TableName: tableName(), Key: keys.username(usernameKey), ConsistentRead: true }),
  );
  return Item ? { user_id: Number(Item.user_id), password_hash: String(Item.password_hash), is_active: Item.is_active === true } : undefined;
}

/** Activates or deactivates an account (Django's is_active) on both items that carry the flag. */
export async function setUserActive(userId: number, usernameKey: string, isActive: boolean): Promise<void> {
  const table = tableName();
  const update = (Key: ItemKey) => ({
    Update: {
      TableName: table,
      Key,
      UpdateExpression: 'SET is_active = :active',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':active': isActive },
    },
  });
  await documentClient().send(
    new TransactWriteCommand({ TransactItems: [update(keys.user(userId)), update(keys.username(usernameKey))] }),
  );
}
