// Erasing an account: the one list of every item a user owns (ownedItems: extend it when a new
// kind of item is added), the write that marks the account deleted and ends its sessions at once,
// and the bounded batches that delete the rest, the profile last, so an interrupted erasure resumes.
import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { UserProfile } from '../domain/user';
import { ServiceUnavailable } from '../errors';
import type { Db } from './client';
import { keys, type ItemKey } from './keys';
import { writeTogether } from './transact';
import { isConditionalCheckFailed } from './translate';

/** Who is erased, and the pseudonyms (lib/auth/pseudonyms) of the items keyed by them, not by the pk. */
export interface ErasureSubject {
  userId: number;
  usernameKey: string;
  emailKey?: string;
  /** Pseudonym of the username key: the account's login counters and trusted addresses. */
  account: string;
  /** Pseudonym of the user id: the password-check rate windows of signed-in actions. */
  user: string;
  /** Pseudonym of the email key: the reset request and verification windows, the reset and verification codes. */
  email?: string;
  /** Pseudonym of an email change's pending address: its verification code. */
  pendingEmail?: string;
}

export interface OwnedItems {
  /** Partitions deleted whole (the profile's partition without its profile, which goes last). */
  partitions: { kind: string; pk: string }[];
  /** Single items elsewhere, deleted only while they still name this user. */
  items: { kind: string; key: ItemKey }[];
}

/**
 * Every kind of item an account owns (docs/data-model.md), in one place. The profile's partition
 * holds the sessions, refresh tokens, the pending reset and the security log; the others are keyed
 * by the username, the email or a pseudonym of them. Outbox messages are not listed: they name the
 * user only until the mailer sends them (within seconds), and it skips a deleted account.
 */
export function ownedItems(subject: ErasureSubject): OwnedItems {
  const { userId, usernameKey, emailKey, account, user, email, pendingEmail } = subject;
  return {
    partitions: [
      { kind: 'sessions, refresh tokens, pending reset, security log', pk: keys.user(userId).pk },
      { kind: 'login counters and trusted addresses', pk: keys.loginAttempts({ scope: 'account', account }).pk },
      { kind: 'password check windows', pk: keys.rateWindow('password_change', user, 0).pk },
      { kind: 'email change windows', pk: keys.rateWindow('email_change', user, 0).pk },
      { kind: 'verification mail windows (account)', pk: keys.rateWindow('verify_email_user', user, 0).pk },
      ...(email
        ? [
            { kind: 'reset request windows', pk: keys.rateWindow('password_reset_email', email, 0).pk },
            { kind: 'verification mail windows (address)', pk: keys.rateWindow('verify_email_address', email, 0).pk },
          ]
        : []),
    ],
    items: [
      ...(email ? [{ kind: 'reset code', key: keys.resetCode(email) }] : []),
      ...(email ? [{ kind: 'verification code', key: keys.verifyCode(email) }] : []),
      ...(pendingEmail ? [{ kind: 'verification code (new address)', key: keys.verifyCode(pendingEmail) }] : []),
      { kind: 'username marker (login item)', key: keys.username(usernameKey) },
      ...(emailKey ? [{ kind: 'email marker', key: keys.email(emailKey) }] : []),
    ],
  };
}

/** Items deleted per page, and pages per erasure before it gives up for now (a retry resumes). */
const PAGE = 100;
const MAX_PAGES = 200;

export type MarkOutcome = 'marked' | 'already_marked' | 'no_such_user' | 'changed';

export function erasureStore(db: Db) {
  /** Deletes up to 25 keys, retrying what DynamoDB left unprocessed (throttling). */
  async function deleteKeys(itemKeys: ItemKey[]): Promise<void> {
    for (let i = 0; i < itemKeys.length; i += 25) {
      let requests = itemKeys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt >= 6) throw new ServiceUnavailable('erasure batch kept being throttled');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const { UnprocessedItems } = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }));
        requests = (UnprocessedItems?.[db.table] ?? []) as typeof requests;
      }
    }
  }

  /** One page of a partition's keys (the profile left out); consistent, so a deleted item is never seen again. */
  async function keysOf(pk: string): Promise<ItemKey[]> {
    const { Items } = await db.client.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk',
        ProjectionExpression: 'pk, sk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        Limit: PAGE,
      }),
    );
    return ((Items ?? []) as ItemKey[]).filter((key) => key.sk !== 'PROFILE');
  }

  return {
    /**
     * The erasure's first write: the profile and the login item become inactive and every session
     * ends (sessions_revoked_ms), in one transaction, so that no token of the account works from
     * this moment, however long the rest takes. Conditional on the profile not being marked yet
     * and the login item still being the user's, as read.
     */
    async markDeleted(profile: UserProfile & { username_key: string }, nowMs: number): Promise<MarkOutcome> {
      const outcome = await writeTogether(db, [
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(profile.id),
              UpdateExpression: 'SET is_active = :inactive, deleted_ms = :now, sessions_revoked_ms = :now REMOVE sessions_revoked_except',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted_ms) AND username_key = :username_key',
              ExpressionAttributeValues: { ':inactive': false, ':now': nowMs, ':username_key': profile.username_key },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        },
        {
          name: 'login',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.username(profile.username_key),
              UpdateExpression: 'SET is_active = :inactive',
              ConditionExpression: 'user_id = :id',
              ExpressionAttributeValues: { ':inactive': false, ':id': profile.id },
            },
          },
        },
      ]);
      if (outcome.written) return 'marked';
      if (!outcome.refused.has('profile')) return 'changed';
      const seen = outcome.refused.get('profile');
      if (!seen) return 'no_such_user';
      return seen.deleted_ms !== undefined ? 'already_marked' : 'changed';
    },

    /**
     * Deletes every item of the partitions, a page at a time, until a consistent Query finds none:
     * a rotation racing the erasure writes its successor before its token's record is deleted, so
     * the next page finds it. Throws after MAX_PAGES pages; the marked profile lets a retry resume.
     */
    async erasePartitions(pks: string[]): Promise<number> {
      let deleted = 0;
      for (const pk of pks) {
        for (let page = 0; ; page += 1) {
          if (page >= MAX_PAGES) throw new ServiceUnavailable('erasure not finished: run it again to resume');
          const found = await keysOf(pk);
          if (found.length === 0) break;
          await deleteKeys(found);
          deleted += found.length;
        }
      }
      return deleted;
    },

    /** Deletes an item if it still names the user (a marker someone else took since is theirs). */
    async deleteIfOwned(key: ItemKey, userId: number): Promise<boolean> {
      try {
        await db.client.send(
          new DeleteCommand({
            TableName: db.table,
            Key: key,
            ConditionExpression: 'user_id = :id',
            ExpressionAttributeValues: { ':id': userId },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },

    /** The last step: the marked profile itself. */
    async deleteMarkedProfile(userId: number): Promise<void> {
      try {
        await db.client.send(
          new DeleteCommand({ TableName: db.table, Key: keys.user(userId), ConditionExpression: 'attribute_exists(deleted_ms)' }),
        );
      } catch (error) {
        // Gone already: a parallel erasure finished first.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },
  };
}

export type ErasureStore = ReturnType<typeof erasureStore>;
