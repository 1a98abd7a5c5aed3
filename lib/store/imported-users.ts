// Users brought in from another backend (the Django import): what the table already holds for
// them, their items written all or nothing, and the id counter moved past their pks.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UserRecord } from '../domain/user';
import { findItems } from './batch-get';
import type { Db } from './client';
import { COUNTER_BELOW, IS_ABSENT_OR_LEGACY } from './conditions';
import { keys } from './keys';
import { writeTogether } from './transact';
import { isConditionalCheckFailed } from './translate';
import { newUserWrites } from './users';

/** Who holds each key a user needs: the user id of the profile or marker found, if any. */
export interface Holders {
  /** `imported`: marked as imported from Django (an import before the cut-over feature left it unmarked). */
  profile?: { username_key: string; imported: boolean };
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
              ...(profile ? { profile: { username_key: String(profile.username_key), imported: profile.imported_from === 'django' } } : {}),
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

    /**
     * Marks a user imported by an earlier version of the import as imported (IS_IMPORTED_USER), on
     * condition that the profile at that pk is still that user's: only then can the old backend's
     * tokens name it.
     */
    async markImported(userId: number, usernameKey: string): Promise<void> {
      try {
        await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.user(userId),
            UpdateExpression: 'SET imported_from = :imported_from',
            ConditionExpression: 'username_key = :username_key',
            ExpressionAttributeValues: { ':imported_from': 'django', ':username_key': usernameKey },
          }),
        );
      } catch (error) {
        // Someone else's profile now: it stays unmarked.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    /**
     * Records a simplejwt refresh token that Django had blacklisted as revoked, in its user's
     * partition, expiring with it. Idempotent; never touches a record of ours (IS_ABSENT_OR_LEGACY).
     */
    async recordBlacklistedToken(
      token: { jti: string; userId: number; sid: string; issuedAt: number; expiresAt: number },
      nowMs: number,
    ): Promise<void> {
      try {
        await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.refreshToken(token.userId, token.jti),
            UpdateExpression:
              'SET #type = :type, jti = :jti, user_id = :user_id, sid = if_not_exists(sid, :sid), issued_at = :issued_at, ' +
              'expires_at = :expires_at, legacy = :legacy, revoked_ms = if_not_exists(revoked_ms, :now), revoked_reason = if_not_exists(revoked_reason, :reason)',
            ConditionExpression: IS_ABSENT_OR_LEGACY,
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': 'refresh_token',
              ':jti': token.jti,
              ':user_id': token.userId,
              ':sid': token.sid,
              ':issued_at': token.issuedAt,
              ':expires_at': token.expiresAt,
              ':legacy': true,
              ':now': nowMs,
              ':reason': 'django blacklist',
            },
          }),
        );
      } catch (error) {
        // The jti of one of our own tokens: a simplejwt token with it is refused anyway.
        if (!isConditionalCheckFailed(error)) throw error;
      }
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
