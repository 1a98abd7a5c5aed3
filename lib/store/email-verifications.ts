// Email verifications: the pending verification's hashed secrets, the typed code's attempt counter,
// the email change's request, and the one transaction that proves an address: it spends the
// secret and, for a change, takes the new address's marker and releases the old one.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  VERIFY_CODE_MAX_ATTEMPTS,
  type PendingVerification,
  type Verification,
  type VerificationCode,
  type VerificationProof,
} from '../domain/email-verification';
import type { SecurityEvent } from '../domain/security-event';
import type { Db } from './client';
import { takeCodeAttempt } from './code-attempts';
import { IS_ACTIVE_ACCOUNT, PASSWORD_HASH_UNCHANGED } from './conditions';
import { keys } from './keys';
import { outboxWrite } from './outbox';
import { eventWrites } from './security-log';
import { putNew, writeTogether, type NamedWrite } from './transact';

export interface NewVerificationSecrets extends PendingVerification {
  code_key: string;
  code_hash: string;
}

/**
 * `refused`: the secret was spent, superseded or expired, or the address is no longer the one it
 * was for (verified already, changed, an inactive account). `taken`: another account holds the new
 * address. `stale`: the username moved meanwhile (read again and retry).
 */
export type VerifyOutcome = 'verified' | 'refused' | 'taken' | 'stale';

const epochSeconds = (ms: number) => Math.ceil(ms / 1000);

export function emailVerificationStore(db: Db) {
  /** The profile's side of a proven address. */
  const profileWrite = (v: Verification): NamedWrite => {
    const values = { ':active': true, ':true': true, ':ek': v.emailKey };
    if (v.kind === 'confirm') {
      return {
        name: 'profile',
        write: {
          Update: {
            TableName: db.table,
            Key: keys.user(v.userId),
            UpdateExpression: 'SET email_verified = :true',
            ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT} AND email_key = :ek AND (attribute_not_exists(email_verified) OR email_verified <> :true)`,
            ExpressionAttributeValues: values,
          },
        },
      };
    }
    const old = v.oldEmailKey === undefined ? 'attribute_not_exists(email_key)' : 'email_key = :old';
    return {
      name: 'profile',
      write: {
        Update: {
          TableName: db.table,
          Key: keys.user(v.userId),
          UpdateExpression: 'SET email = :email, email_key = :ek, email_verified = :true REMOVE pending_email, pending_email_key',
          // The change asked for is still the one pending, and the old marker is the one released.
          ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT} AND pending_email_key = :ek AND ${old}`,
          ExpressionAttributeValues: { ...values, ':email': v.email, ...(v.oldEmailKey === undefined ? {} : { ':old': v.oldEmailKey }) },
        },
      },
    };
  };

  /** The spent secret: the link's pending item, or the code's item, each on condition it is the one proven and live. */
  const proofWrite = (v: Verification, proof: VerificationProof, nowMs: number): NamedWrite => ({
    name: 'proof',
    write:
      proof.by === 'token'
        ? {
            Delete: {
              TableName: db.table,
              Key: keys.emailVerification(v.userId),
              ConditionExpression: 'token_hash = :proof AND email_key = :ek AND expires_ms > :now',
              ExpressionAttributeValues: { ':proof': proof.tokenHash, ':ek': v.emailKey, ':now': nowMs },
            },
          }
        : {
            Delete: {
              TableName: db.table,
              Key: keys.verifyCode(proof.codeKey),
              ConditionExpression: 'code_hash = :proof AND user_id = :id AND email_key = :ek AND expires_ms > :now',
              ExpressionAttributeValues: { ':proof': proof.codeHash, ':id': v.userId, ':ek': v.emailKey, ':now': nowMs },
            },
          },
  });

  return {
    /** Stores a mail's hashed secrets, replacing the user's older pending link and the address's older code. */
    async saveVerificationSecrets({ code_key, code_hash, ...pending }: NewVerificationSecrets): Promise<boolean> {
      const expires_at = epochSeconds(pending.expires_ms);
      // On condition the account is still active, as the reset's: a mailer that read the profile
      // just before an erasure marked it must not write a verification back into it.
      const outcome = await writeTogether(db, [
        {
          name: 'account',
          write: {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.user(pending.user_id),
              ConditionExpression: IS_ACTIVE_ACCOUNT,
              ExpressionAttributeValues: { ':active': true },
            },
          },
        },
        {
          name: 'pending',
          write: {
            Put: {
              TableName: db.table,
              Item: { ...keys.emailVerification(pending.user_id), type: 'email_verification', ...pending, expires_at },
            },
          },
        },
        {
          name: 'code',
          write: {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.verifyCode(code_key),
                type: 'verify_code',
                user_id: pending.user_id,
                email_key: pending.email_key,
                code_hash,
                attempts: 0,
                expires_ms: pending.expires_ms,
                expires_at,
              },
            },
          },
        },
      ]);
      return outcome.written;
    },

    /** The user's pending verification, if any (expired ones too: the caller compares the clock). */
    async findPendingVerification(userId: number): Promise<PendingVerification | undefined> {
      const { Item } = await db.client.send(
        new GetCommand({ TableName: db.table, Key: keys.emailVerification(userId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return {
        user_id: Number(Item.user_id),
        email_key: String(Item.email_key),
        token_hash: String(Item.token_hash),
        expires_ms: Number(Item.expires_ms),
      };
    },

    /**
     * Counts one try of the code sent to `codeKey` and returns the code's item, in one conditional
     * write: a void (5 tries), expired or absent code returns undefined, and parallel tries cannot
     * pass the cap.
     */
    async takeCodeAttempt(codeKey: string, nowMs: number): Promise<VerificationCode | undefined> {
      const item = await takeCodeAttempt(db, keys.verifyCode(codeKey), VERIFY_CODE_MAX_ATTEMPTS, nowMs);
      if (!item) return undefined;
      return {
        user_id: Number(item.user_id),
        email_key: String(item.email_key),
        code_hash: String(item.code_hash),
        attempts: Number(item.attempts),
        expires_ms: Number(item.expires_ms),
      };
    },

    /**
     * Proves an address in one transaction: the secret is spent (of parallel proofs one wins), the
     * profile and the login item are marked verified, and for a change the new marker is taken
     * (refused if another account holds it) and the old one released.
     */
    async verifyAddress(v: Verification, proof: VerificationProof, nowMs: number, event?: SecurityEvent): Promise<VerifyOutcome> {
      const writes: NamedWrite[] = [
        proofWrite(v, proof, nowMs),
        profileWrite(v),
        {
          name: 'login',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.username(v.usernameKey),
              UpdateExpression: 'SET email_verified = :true',
              ConditionExpression: 'user_id = :id',
              ExpressionAttributeValues: { ':true': true, ':id': v.userId },
            },
          },
        },
      ];
      if (v.kind === 'change') {
        writes.push({ name: 'new_marker', write: putNew(db, { ...keys.email(v.emailKey), type: 'email', user_id: v.userId }) });
        if (v.oldEmailKey !== undefined) {
          writes.push({
            name: 'old_marker',
            write: {
              Delete: {
                TableName: db.table,
                Key: keys.email(v.oldEmailKey),
                ConditionExpression: 'user_id = :id',
                ExpressionAttributeValues: { ':id': v.userId },
              },
            },
          });
        }
      }
      const outcome = await writeTogether(db, [...writes, ...eventWrites(db, v.userId, event)]);
      if (outcome.written) return 'verified';
      if (outcome.refused.has('proof') || outcome.refused.has('profile') || outcome.refused.has('old_marker')) return 'refused';
      if (outcome.refused.has('new_marker')) return 'taken';
      return 'stale';
    },

    /**
     * Records an email change waiting for its verification, with its two mails, in one write: the
     * profile's pending address (no marker is taken: an unproven address blocks nobody).
     */
    async requestEmailChange(
      userId: number,
      change: { email: string; emailKey: string; verifiedHash: string; usernameKey: string },
      nowMs: number,
    ): Promise<'requested' | 'refused'> {
      const outcome = await writeTogether(db, [
        {
          name: 'profile',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.user(userId),
              UpdateExpression: 'SET pending_email = :email, pending_email_key = :ek',
              ConditionExpression: `attribute_exists(pk) AND ${IS_ACTIVE_ACCOUNT}`,
              ExpressionAttributeValues: { ':email': change.email, ':ek': change.emailKey, ':active': true },
            },
          },
        },
        {
          // The password proven is still the account's.
          name: 'login',
          write: {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.username(change.usernameKey),
              ConditionExpression: `user_id = :id AND ${IS_ACTIVE_ACCOUNT} AND ${PASSWORD_HASH_UNCHANGED}`,
              ExpressionAttributeValues: { ':id': userId, ':active': true, ':verified_hash': change.verifiedHash },
            },
          },
        },
        { name: 'notice', write: outboxWrite(db, { kind: 'email_change_requested', user_id: userId }, nowMs) },
        { name: 'mail', write: outboxWrite(db, { kind: 'verify_email', email_key: change.emailKey, user_id: userId }, nowMs) },
      ]);
      return outcome.written ? 'requested' : 'refused';
    },
  };
}

export type EmailVerificationStore = ReturnType<typeof emailVerificationStore>;
