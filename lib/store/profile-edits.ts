// Profile edits: names changed on the profile alone; a username changed together with its
// uniqueness marker (which is also the login item), in one transaction, so no orphan is ever left.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LoginItem, UserProfile } from '../domain/user';
import type { Db } from './client';
import { IS_ACTIVE_ACCOUNT, PASSWORD_HASH_UNCHANGED } from './conditions';
import { keys } from './keys';
import { putNew, writeTogether } from './transact';
import { isConditionalCheckFailed } from './translate';
import { toLoginItem } from './users';

/** The editable fields; absent ones are left as they are. */
export interface ProfileChanges {
  first_name?: string;
  last_name?: string;
}

export interface Rename {
  /** The profile's username key as read: the edit is refused if it changed meanwhile. */
  fromKey: string;
  /** The login item under `fromKey` as read: copied to the new marker, refused if it changed meanwhile. */
  login: LoginItem;
  username: string;
  toKey: string;
}

/**
 * `stale`: the profile or its login item changed since they were read (another edit, a password
 * change, a deactivation): read again. `taken`: another account holds the new username.
 */
export type EditOutcome = { kind: 'edited'; profile: UserProfile } | { kind: 'stale' } | { kind: 'taken' };

/** `SET a = :a, b = :b` and its values, for the fields present. */
function setClause(fields: Record<string, unknown>) {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return {
    set: present.map(([name]) => `${name} = :${name}`).join(', '),
    values: Object.fromEntries(present.map(([name, value]) => [`:${name}`, value])),
  };
}

export function profileEditStore(db: Db) {
  return {
    /** The login item of a username key (consistent), to be moved by a rename. */
    async readLoginItem(usernameKey: string): Promise<LoginItem | undefined> {
      const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.username(usernameKey), ConsistentRead: true }));
      return Item ? toLoginItem(Item) : undefined;
    },

    /**
     * Names only (or a username whose key does not change, "ada" → "Ada"): one conditional Update
     * of the profile, on condition that it is active and still has the username key read.
     */
    async editProfile(userId: number, usernameKey: string, changes: ProfileChanges & { username?: string }): Promise<EditOutcome> {
      const { set, values } = setClause({ ...changes });
      try {
        const { Attributes } = await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.user(userId),
            UpdateExpression: `SET ${set || 'username_key = :key'}`,
            ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT} AND username_key = :key`,
            ExpressionAttributeValues: { ...values, ':active': true, ':key': usernameKey },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { kind: 'edited', profile: Attributes as UserProfile };
      } catch (error) {
        if (isConditionalCheckFailed(error)) return { kind: 'stale' };
        throw error;
      }
    },

    /**
     * Points the profile at a new image, unless it already shows one asked for later (uploads may
     * land out of order). Returns the key it replaced, `refused` when a later image (or none: an
     * inactive or missing user) won.
     */
    async setImage(userId: number, key: string, askedMs: number): Promise<{ replaced?: string } | 'refused'> {
      try {
        const { Attributes } = await db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.user(userId),
            UpdateExpression: 'SET profile_image_key = :key, profile_image_ms = :ms',
            ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT} AND (attribute_not_exists(profile_image_ms) OR profile_image_ms < :ms)`,
            ExpressionAttributeValues: { ':key': key, ':ms': askedMs, ':active': true },
            ReturnValues: 'UPDATED_OLD',
          }),
        );
        const replaced: unknown = Attributes?.profile_image_key;
        return typeof replaced === 'string' ? { replaced } : {};
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'refused';
        throw error;
      }
    },

    /**
     * The profile shows no image from now on; an upload asked for before now can no longer become
     * it (its time is not later than `nowMs`). Returns the key it removed.
     */
    async clearImage(userId: number, nowMs: number): Promise<string | undefined> {
      const { Attributes } = await db.client.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.user(userId),
          // An image path imported from Django goes too.
          UpdateExpression: 'SET profile_image_ms = :ms, profile_image = :none REMOVE profile_image_key',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':ms': nowMs, ':none': null },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const removed: unknown = Attributes?.profile_image_key;
      return typeof removed === 'string' ? removed : undefined;
    },

    /**
     * A new username: the profile updated, the old marker deleted and the new one created in one
     * transaction. Of concurrent renames to one name exactly one commits (the new marker must not
     * exist); a rename racing another edit, a password change or a deactivation is refused as stale.
     */
    async renameUser(profile: UserProfile, rename: Rename, changes: ProfileChanges): Promise<EditOutcome> {
      const userId = profile.id;
      const { set, values } = setClause({ ...changes, username: rename.username, username_key: rename.toKey });
      const outcome = await writeTogether(db, [
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(userId),
              UpdateExpression: `SET ${set}`,
              ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT} AND username_key = :from_key`,
              ExpressionAttributeValues: { ...values, ':active': true, ':from_key': rename.fromKey },
            },
          },
        },
        {
          name: 'old_marker',
          write: {
            Delete: {
              TableName: db.table,
              Key: keys.username(rename.fromKey),
              // What is copied to the new marker is still what the old one holds.
              ConditionExpression: `user_id = :user_id AND ${IS_ACTIVE_ACCOUNT} AND ${PASSWORD_HASH_UNCHANGED} AND ${
                rename.login.email_verified ? 'email_verified = :true' : '(attribute_not_exists(email_verified) OR email_verified <> :true)'
              }`,
              ExpressionAttributeValues: {
                ':user_id': userId,
                ':active': true,
                ':verified_hash': rename.login.password_hash,
                ':true': true,
              },
            },
          },
        },
        {
          name: 'new_marker',
          write: putNew(db, {
            ...keys.username(rename.toKey),
            type: 'username',
            user_id: userId,
            password_hash: rename.login.password_hash,
            is_active: rename.login.is_active,
            email_verified: rename.login.email_verified,
          }),
        },
      ]);
      if (outcome.written) {
        const edited = { ...profile, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
        return { kind: 'edited', profile: { ...edited, username: rename.username, username_key: rename.toKey } };
      }
      if (outcome.refused.has('profile') || outcome.refused.has('old_marker')) return { kind: 'stale' };
      return { kind: 'taken' };
    },
  };
}

export type ProfileEditStore = ReturnType<typeof profileEditStore>;
