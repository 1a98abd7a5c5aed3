// Users brought in from another backend (the Django import): what the table already holds for
// them, their items written all or nothing, and the id counter moved past their pks.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { findItems } from './batch-get';
import { documentClient, tableName } from './client';
import { COUNTER_BELOW } from './conditions';
import { keys } from './keys';
import { transactWrite } from './transact';
import { isConditionalCheckFailed } from './translate';
import { putNewUserRequests, type UserRecord } from './users';

/** Who holds each key a user needs: the user id of the profile or marker found, if any. */
export interface Holders {
  profile?: { username_key: string };
  username?: number;
  email?: number;
}

/** For each user, who already holds its pk, username and email in the table. */
export async function findHolders(users: UserRecord[]): Promise<Map<number, Holders>> {
  const wanted = users.flatMap((u) => [keys.user(u.id), keys.username(u.username_key), ...(u.email_key ? [keys.email(u.email_key)] : [])]);
  const at = await findItems(wanted);
  return new Map(
    users.map((u) => {
      const profile = at(keys.user(u.id));
      const username = at(keys.username(u.username_key));
      const email = u.email_key ? at(keys.email(u.email_key)) : undefined;
      return [
        u.id,
        {
          ...(profile ? { profile: { username_key: String(profile.username_key) } } : {}),
          ...(username ? { username: Number(username.user_id) } : {}),
          ...(email ? { email: Number(email.user_id) } : {}),
        },
      ];
    }),
  );
}

/** Thrown when a key was taken between findHolders and the write (a registration, another run). */
export class ImportConflict extends Error {}

/** Every item of these users in one transaction (at most 33 users: 100 items), or none. */
export async function writeImportedUsers(users: UserRecord[]): Promise<void> {
  await transactWrite(users.flatMap(putNewUserRequests), () => new ImportConflict('an item already exists'));
}

/** Moves the pk counter to at least `lastId`, never back: registrations then start above it. */
export async function raiseUserIdCounter(lastId: number): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.userIdCounter(),
        UpdateExpression: 'SET last_id = :last_id',
        ConditionExpression: COUNTER_BELOW,
        ExpressionAttributeValues: { ':last_id': lastId },
      }),
    );
  } catch (error) {
    // Already past it: nothing to do.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
