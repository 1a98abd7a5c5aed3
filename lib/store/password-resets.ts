// Password resets and changes: the pending reset's hashed secrets, the typed code's attempt
// counter, and the one transaction that sets a new password, spends the secret, ends sessions and
// queues the "password changed" notice together.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { RESET_CODE_MAX_ATTEMPTS, type PendingReset, type ResetCode, type ResetProof } from '../domain/password-reset';
import type { SecurityEvent } from '../domain/security-event';
import type { Db } from './client';
import { takeCodeAttempt } from './code-attempts';
import { IS_ACTIVE_ACCOUNT, PASSWORD_HASH_UNCHANGED } from './conditions';
import { keys } from './keys';
import { outboxWrite } from './outbox';
import { eventWrites } from './security-log';
import { writeTogether, type NamedWrite } from './transact';

export interface NewResetSecrets extends PendingReset {
  code_hash: string;
}

export interface NewPassword {
  userId: number;
  usernameKey: string;
  passwordHash: string;
  nowMs: number;
  /** The security log's "password changed" or "password reset", written with the new hash. */
  event?: SecurityEvent;
}

/** `refused`: the secret was spent, superseded or expired meanwhile, or the account was deactivated. */
export type PasswordOutcome = 'done' | 'refused';

const epochSeconds = (ms: number) => Math.ceil(ms / 1000);

export function passwordResetStore(db: Db) {
  /** The login item gets the new hash, if it is still this user's and active (and, given one, still holds the hash verified). */
  const setHash = ({ userId, usernameKey, passwordHash }: NewPassword, verifiedHash?: string, emailProven = false): NamedWrite => ({
    name: 'login',
    write: {
      Update: {
        TableName: db.table,
        Key: keys.username(usernameKey),
        UpdateExpression: `SET password_hash = :hash${emailProven ? ', email_verified = :proven' : ''}`,
        ConditionExpression: `user_id = :id AND is_active = :active${verifiedHash === undefined ? '' : ` AND ${PASSWORD_HASH_UNCHANGED}`}`,
        ExpressionAttributeValues: {
          ':hash': passwordHash,
          ':id': userId,
          ':active': true,
          ...(verifiedHash === undefined ? {} : { ':verified_hash': verifiedHash }),
          ...(emailProven ? { ':proven': true } : {}),
        },
      },
    },
  });
  const notify = (userId: number, nowMs: number): NamedWrite => ({
    name: 'notice',
    write: outboxWrite(db, { kind: 'password_changed', user_id: userId }, nowMs),
  });

  return {
    /**
     * Stores a new request's hashed secrets, replacing any older request's (the newest supersedes),
     * on condition that the account is still active: a mailer that read the profile just before an
     * erasure marked it must not write a reset back into it. False when refused.
     */
    async saveResetSecrets({ code_hash, ...reset }: NewResetSecrets): Promise<boolean> {
      const expires_at = epochSeconds(reset.expires_ms);
      const outcome = await writeTogether(db, [
        {
          name: 'account',
          write: {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.user(reset.user_id),
              ConditionExpression: IS_ACTIVE_ACCOUNT,
              ExpressionAttributeValues: { ':active': true },
            },
          },
        },
        {
          name: 'reset',
          write: {
            Put: { TableName: db.table, Item: { ...keys.passwordReset(reset.user_id), type: 'password_reset', ...reset, expires_at } },
          },
        },
        {
          name: 'code',
          write: {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.resetCode(reset.code_key),
                type: 'reset_code',
                user_id: reset.user_id,
                code_hash,
                attempts: 0,
                expires_ms: reset.expires_ms,
                expires_at,
              },
            },
          },
        },
      ]);
      return outcome.written;
    },

    /** The user's pending reset, if any (expired ones too: the caller compares the clock). */
    async findPendingReset(userId: number): Promise<PendingReset | undefined> {
      const { Item } = await db.client.send(new GetCommand({ TableName: db.table, Key: keys.passwordReset(userId), ConsistentRead: true }));
      if (!Item) return undefined;
      return {
        user_id: Number(Item.user_id),
        token_hash: String(Item.token_hash),
        code_key: String(Item.code_key),
        expires_ms: Number(Item.expires_ms),
      };
    },

    /**
     * Counts one try of the code sent to `codeKey` and returns the code's item, in one conditional
     * write: a void (5 tries), expired or absent code returns undefined. Known and unknown
     * addresses cost the same single write, and parallel tries cannot pass the cap.
     */
    async takeCodeAttempt(codeKey: string, nowMs: number): Promise<ResetCode | undefined> {
      const item = await takeCodeAttempt(db, keys.resetCode(codeKey), RESET_CODE_MAX_ATTEMPTS, nowMs);
      if (!item) return undefined;
      return {
        user_id: Number(item.user_id),
        code_hash: String(item.code_hash),
        attempts: Number(item.attempts),
        expires_ms: Number(item.expires_ms),
      };
    },

    /**
     * Sets the new password if the proof still holds, in one transaction: the pending reset is
     * deleted on condition that it is the one proven and unexpired (so of parallel confirmations one
     * wins), the code with it, every session ends, and the notice is queued.
     */
    async resetPassword(change: NewPassword & { proof: ResetProof; codeKey: string; provenEmailKey?: string }): Promise<PasswordOutcome> {
      const { userId, nowMs, proof, provenEmailKey } = change;
      // A reset by link proves the address the mail went to (if it is still the profile's).
      const proven =
        provenEmailKey === undefined
          ? { set: '', condition: '', values: {} }
          : {
              set: ', email_verified = :proven',
              condition: ' AND email_key = :proven_key',
              values: { ':proven': true, ':proven_key': provenEmailKey },
            };
      const spent =
        proof.by === 'token'
          ? { condition: 'token_hash = :proof', value: proof.tokenHash }
          : { condition: 'code_key = :proof', value: proof.codeKey };
      const outcome = await writeTogether(db, [
        {
          name: 'reset',
          write: {
            Delete: {
              TableName: db.table,
              Key: keys.passwordReset(userId),
              ConditionExpression: `${spent.condition} AND expires_ms > :now`,
              ExpressionAttributeValues: { ':proof': spent.value, ':now': nowMs },
            },
          },
        },
        {
          name: 'code',
          write:
            proof.by === 'code'
              ? {
                  Delete: {
                    TableName: db.table,
                    Key: keys.resetCode(change.codeKey),
                    ConditionExpression: 'code_hash = :code AND user_id = :id',
                    ExpressionAttributeValues: { ':code': proof.codeHash, ':id': userId },
                  },
                }
              : { Delete: { TableName: db.table, Key: keys.resetCode(change.codeKey) } },
        },
        setHash(change, undefined, provenEmailKey !== undefined),
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(userId),
              // Every session ends, the caller's too: a reset is what someone does who lost control.
              UpdateExpression: `SET sessions_revoked_ms = :now${proven.set} REMOVE sessions_revoked_except`,
              ConditionExpression: `attribute_exists(pk)${proven.condition}`,
              ExpressionAttributeValues: { ':now': nowMs, ...proven.values },
            },
          },
        },
        notify(userId, nowMs),
        ...eventWrites(db, userId, change.event),
      ]);
      return outcome.written ? 'done' : 'refused';
    },

    /**
     * Changes the password of a signed-in user if the hash they proved is still the stored one: every
     * session begun before now ends except `keepSid`, and any pending reset is void.
     */
    async changePassword(change: NewPassword & { verifiedHash: string; keepSid: string }): Promise<PasswordOutcome> {
      const { userId, nowMs } = change;
      const outcome = await writeTogether(db, [
        setHash(change, change.verifiedHash),
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(userId),
              UpdateExpression: 'SET sessions_revoked_ms = :now, sessions_revoked_except = :sid',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':now': nowMs, ':sid': change.keepSid },
            },
          },
        },
        { name: 'reset', write: { Delete: { TableName: db.table, Key: keys.passwordReset(userId) } } },
        notify(userId, nowMs),
        ...eventWrites(db, userId, change.event),
      ]);
      return outcome.written ? 'done' : 'refused';
    },
  };
}

export type PasswordResetStore = ReturnType<typeof passwordResetStore>;
