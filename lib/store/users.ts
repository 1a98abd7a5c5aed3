// User records: the id counter, registration (profile, uniqueness markers and first token, all or
// nothing), the profile and login item lookups, and the active flag.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeviceUse, RefreshTokenRecord } from '../domain/session';
import type { OutboxMessage } from '../domain/outbox';
import type { SecurityEvent } from '../domain/security-event';
import type { LoginItem, NewUser, UserProfile, UserRecord } from '../domain/user';
import type { Db } from './client';
import { keys, type ItemKey } from './keys';
import { outboxWrite } from './outbox';
import { eventWrites } from './security-log';
import { sessionStartWrites } from './sessions';
import { putNew, writeTogether, type NamedWrite } from './transact';

/** A new user's items, each on condition it does not exist yet: profile, username marker (the login item), email marker. */
export function newUserWrites(db: Db, { username_key, email_key, password_hash, ...profile }: UserRecord): NamedWrite[] {
  return [
    {
      name: 'profile',
      write: putNew(db, { ...keys.user(profile.id), type: 'user', ...profile, username_key, ...(email_key ? { email_key } : {}) }),
    },
    {
      name: 'username',
      write: putNew(db, {
        ...keys.username(username_key),
        type: 'username',
        user_id: profile.id,
        password_hash,
        is_active: profile.is_active,
        email_verified: profile.email_verified === true,
      }),
    },
    ...(email_key ? [{ name: 'email', write: putNew(db, { ...keys.email(email_key), type: 'email', user_id: profile.id }) }] : []),
  ];
}

export function toLoginItem(item: Record<string, unknown>): LoginItem {
  return {
    user_id: Number(item.user_id),
    password_hash: String(item.password_hash),
    is_active: item.is_active === true,
    email_verified: item.email_verified === true,
  };
}

/** Registration's outcome: created, or the unique fields someone else holds. */
export type Registration = { created: true } | { created: false; taken: ('username' | 'email')[] };

export function userStore(db: Db) {
  return {
    /** Hands out the next integer pk. Ids burned by failed registrations leave gaps, like a SQL sequence. */
    async allocateUserId(): Promise<number> {
      const { Attributes } = await db.client.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.userIdCounter(),
          UpdateExpression: 'ADD last_id :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.last_id);
    },

    /**
     * Writes the profile, both uniqueness markers, the first session's refresh token (and item) and
     * the verification mail's outbox message in one transaction: all or nothing. Of concurrent registrations of one username or email exactly
     * one is created; the others learn every unique field that was taken.
     */
    async registerUser(
      user: NewUser,
      firstToken: RefreshTokenRecord,
      device?: DeviceUse,
      event?: SecurityEvent,
      mail?: OutboxMessage,
    ): Promise<Registration> {
      const outcome = await writeTogether(db, [
        ...newUserWrites(db, user),
        ...sessionStartWrites(db, firstToken, device),
        ...eventWrites(db, user.id, event),
        // The verification mail is owed only if the account exists: queued in the same write.
        ...(mail ? [{ name: 'mail', write: outboxWrite(db, mail) }] : []),
      ]);
      if (outcome.written) return { created: true };
      // The token's jti is random: if its item already exists, an earlier try of this very
      // request (one the SDK re-sent after a timeout) committed the whole registration.
      if (outcome.refused.has('token')) return { created: true };
      const taken = (['username', 'email'] as const).filter((field) => outcome.refused.has(field));
      if (taken.length === 0) throw new Error(`registration refused by ${[...outcome.refused.keys()].join(', ')}`);
      return { created: false, taken };
    },

    /** The profile by pk (consistent: a deactivation must take effect at once). */
    async findUser(userId: number): Promise<UserProfile | undefined> {
      const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.user(userId), ConsistentRead: true }));
      return Item as UserProfile | undefined;
    },

    /** The pk of the account holding an email key, if any (consistent: the reset mail goes to the current holder). */
    async findUserIdByEmail(emailKey: string): Promise<number | undefined> {
      const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.email(emailKey), ConsistentRead: true }));
      return Item ? Number(Item.user_id) : undefined;
    },

    /** The login item of a username key (consistent: a login right after registering must find it). */
    async findLoginItem(usernameKey: string): Promise<LoginItem | undefined> {
      const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.username(usernameKey), ConsistentRead: true }));
      return Item ? toLoginItem(Item) : undefined;
    },

    /**
     * Ends every session of the user begun before now (an operator's "sign out everywhere"; the
     * user's own goes through logout with `all`, which also checks the presented token).
     */
    async endEverySession(userId: number, nowMs: number, event?: SecurityEvent): Promise<'done' | 'no_such_user'> {
      const outcome = await writeTogether(db, [
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(userId),
              UpdateExpression: 'SET sessions_revoked_ms = :now REMOVE sessions_revoked_except',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':now': nowMs },
            },
          },
        },
        ...eventWrites(db, userId, event),
      ]);
      return outcome.written ? 'done' : 'no_such_user';
    },

    /**
     * Activates or deactivates an account (Django's is_active) on both items that carry the flag.
     * Both directions also end every session begun before now, as logout everywhere does: a
     * deactivated user's sessions are over, and reactivation must not revive them, nor one a login
     * racing the deactivation started (its session began before the reactivation).
     */
    async setUserActive(
      userId: number,
      usernameKey: string,
      isActive: boolean,
      nowMs = Date.now(),
      event?: SecurityEvent,
    ): Promise<'done' | 'no_such_user'> {
      const update = (Key: ItemKey, alsoSet = '', values: Record<string, unknown> = {}, remove = '') => ({
        Update: {
          TableName: db.table,
          Key,
          UpdateExpression: `SET is_active = :active${alsoSet}${remove}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':active': isActive, ...values },
        },
      });
      const profile = update(keys.user(userId), ', sessions_revoked_ms = :now', { ':now': nowMs }, ' REMOVE sessions_revoked_except');
      // An account being erased is never made active again (lib/store/erasure).
      profile.Update.ConditionExpression = 'attribute_exists(pk) AND attribute_not_exists(deleted_ms)';
      const outcome = await writeTogether(db, [
        {
          name: 'profile',
          write: profile,
        },
        { name: 'login', write: update(keys.username(usernameKey)) },
        ...eventWrites(db, userId, event),
      ]);
      return outcome.written ? 'done' : 'no_such_user';
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
