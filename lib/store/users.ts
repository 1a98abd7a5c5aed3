// User records: the id counter, the registration transaction, and the login item lookup.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { UserExists } from '../errors';
import { documentClient, tableName } from './client';
import { keys, type ItemKey } from './keys';
import { putRefreshTokenRequest, type RefreshTokenRecord } from './refresh-tokens';
import { putNewItem, transactWrite } from './transact';

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

/** A user whose email may be blank (imported from Django): then it has no email marker. */
export type UserRecord = Omit<NewUser, 'email_key'> & { email_key?: string };

/** A new user's items, each on condition it does not exist yet: profile, username marker (the login item), email marker. */
export function putNewUserRequests({ username_key, email_key, password_hash, ...profile }: UserRecord) {
  return [
    putNewItem({ ...keys.user(profile.id), type: 'user', ...profile, username_key, ...(email_key ? { email_key } : {}) }),
    putNewItem({ ...keys.username(username_key), type: 'username', user_id: profile.id, password_hash, is_active: profile.is_active }),
    ...(email_key ? [putNewItem({ ...keys.email(email_key), type: 'email', user_id: profile.id })] : []),
  ];
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

/**
 * Writes the profile, both uniqueness markers and the first session's refresh token in one
 * transaction: all or nothing. Of concurrent registrations of one username or email exactly one
 * commits; the others become UserExists naming every field that was taken.
 */
export async function createUser(user: NewUser, firstToken: RefreshTokenRecord): Promise<void> {
  // The order matters: cancellation reasons come back by index (1 = username, 2 = email).
  await transactWrite(
    [...putNewUserRequests(user), putRefreshTokenRequest(firstToken)],
    (codes) => new UserExists({ username: codes[1] === 'ConditionalCheckFailed', email: codes[2] === 'ConditionalCheckFailed' }),
  );
}

/** The profile by pk (consistent: a deactivation must take effect at once). */
export async function findUser(userId: number): Promise<UserProfile | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }));
  return Item as UserProfile | undefined;
}

export function toLoginItem(item: Record<string, unknown>): LoginItem {
  return { user_id: Number(item.user_id), password_hash: String(item.password_hash), is_active: item.is_active === true };
}

/** The login item of a username key (consistent: a login right after registering must find it). */
export async function findLoginItem(usernameKey: string): Promise<LoginItem | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.username(usernameKey), ConsistentRead: true }),
  );
  return Item ? toLoginItem(Item) : undefined;
}

/**
 * Activates or deactivates an account (Django's is_active) on both items that carry the flag. Both
 * directions also end every session begun before now, as logout everywhere does: a deactivated
 * user's sessions are over, and reactivation must not revive them, nor one a login racing the
 * deactivation started (its session began before the reactivation).
 */
export async function setUserActive(userId: number, usernameKey: string, isActive: boolean, nowMs = Date.now()): Promise<void> {
  const update = (Key: ItemKey, alsoSet = '', values: Record<string, unknown> = {}) => ({
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: `SET is_active = :active${alsoSet}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':active': isActive, ...values },
    },
  });
  await transactWrite(
    [update(keys.user(userId), ', sessions_revoked_ms = :now', { ':now': nowMs }), update(keys.username(usernameKey))],
    () => new Error(`no user ${userId}`),
  );
}
