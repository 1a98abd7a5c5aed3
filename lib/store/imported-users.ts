// Users brought in from another backend (the Django import): what the table already holds for
// them, their items written all or nothing, and the id counter moved past their pks.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UserRecord } from '../domain/user';
import { findItems } from './batch-get';
import type { Db } from './client';
import { COUNTER_BELOW } from './conditions';
import { keys } from './keys';
import { writeTogether } from './transact';
import { isConditionalCheckFailed } from './translate';
import { newUserWrites } from './users';

/** Who holds each key a user needs: the user id of the profile or marker found, if any. */
export interface Holders {
  profile?: { username_key: string };
  username?: number;
  email?: number;
}

export function importStore(db: Db) {
  return {
    /** For each user, who already holds its pk, username and email in the table. */
    async findHolders(users: UserRecord[]): Promise<Map<number, Holders>> {
      const wanted = users.flatMap((u) => [
        keys.user(u.id),
        keys.username(u.username_key),
        ...(u.email_key ? [keys.email(u.email_key)] : []),
      ]);
      const at = await findItems(db, wanted);
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
    },

    /**
     * Every item of these users in one transaction (at most 33 users: 100 items), or none;
     * 'conflict' when a key was taken between findHolders and the write (a registration, another run).
     */
    async writeImportedUsers(users: UserRecord[]): Promise<'written' | 'conflict'> {
      const writes = users.flatMap((user) => newUserWrites(db, user).map((w) => ({ ...w, name: `${user.id}:${w.name}` })));
      return (await writeTogether(db, writes)).written ? 'written' : 'conflict';
    },

    /** Moves the pk counter to at least `lastId`, never back: registrations then start above it. */
    async raiseUserIdCounter(lastId: number): Promise<void> {
      try {
        await db.client.send(
          new UpdateCommand({
            TableName: db.table,
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
    },
  };
}
