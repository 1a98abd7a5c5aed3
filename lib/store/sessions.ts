// Sessions (token families): begun by a login's first refresh token, read with their token at
// refresh, extended by rotation, ended by logout, revoked whole on refresh-token reuse, and ended
// together by "logout everywhere".
// A new session's item is written beside its first token, with the device it came from; sessions
// begun before that (no item) get one when their family first changes.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeviceUse, IssuedToken, RefreshTokenRecord, SessionRecord, SessionRef } from '../domain/session';
import type { SecurityEvent } from '../domain/security-event';
import type { UserProfile } from '../domain/user';
import { readItems } from './batch-get';
import type { Db } from './client';
import {
  IS_ACTIVE_ACCOUNT,
  IS_ACTIVE_IMPORTED_USER,
  IS_ROTATABLE_LEGACY_TOKEN,
  IS_ROTATABLE_REFRESH_TOKEN,
  IS_UNENDED_SESSION,
  IS_UNREUSED_LEGACY_TOKEN,
  IS_UNREUSED_REFRESH_TOKEN,
  PASSWORD_HASH_UNCHANGED,
  SESSION_PREDATES_NO_LOGOUT_ALL,
} from './conditions';
import { deviceUseSet, putSessionStart } from './devices';
import { keys } from './keys';
import { putRefreshToken } from './refresh-tokens';
import { eventWrites } from './security-log';
import { writeTogether, type NamedWrite, type TransactItem } from './transact';
import { isConditionalCheckFailed } from './translate';

export interface LoginCompletion {
  token: RefreshTokenRecord;
  usernameKey: string;
  /** An imported (or differently costed) hash to replace, now that login has verified it. */
  rehash?: { verified: string; replacement: string };
  /** Where the login came from: the new session's item records it. */
  device?: DeviceUse;
  /** The security log's "logged in", written in the same transaction. */
  event?: SecurityEvent;
}

/** `account_changed`: deactivated, or given a new password, after login read it. */
export type LoginOutcome = 'completed' | 'account_changed';

export interface Rotation {
  /** `legacy`: a simplejwt token of the cut-over window, whose record this rotation may create. */
  presented: { userId: number; jti: string; sid: string; legacy?: IssuedToken };
  successor: RefreshTokenRecord;
  nowMs: number;
  /** Where the refresh came from, recorded on the session in the rotation's own write. */
  device?: DeviceUse;
}

export type RotationOutcome =
  | { kind: 'rotated' }
  /** Another refresh of the same token rotated it first: what it issued, and when. */
  | { kind: 'already_rotated'; successor: IssuedToken; supersededMs: number }
  /** Revoked, or its session ended, meanwhile. */
  | { kind: 'refused' };

export interface RefreshState {
  token?: RefreshTokenRecord;
  /** Absent while the session is live and unchanged. */
  session?: SessionRecord;
  user?: UserProfile;
}

export interface Ending {
  ref: SessionRef;
  nowMs: number;
  /** Epoch ms before which a supersession of the presented token counts as reuse. */
  graceStartMs: number;
  /** The security log's entry, written only if the logout is. */
  event?: SecurityEvent;
}

export type EndingOutcome =
  | { kind: 'ended' }
  /** The presented token was superseded before the grace window: reuse, to be handled as at refresh. */
  | { kind: 'reused'; supersededMs: number }
  /** Unknown, revoked, its session ended, or the user logged out everywhere since. */
  | { kind: 'refused' };

/**
 * What a write on a simplejwt token's record adds: the record itself, created by the first write
 * that rotates or revokes the token (it has none before), marked `legacy`; nothing for our tokens.
 */
function legacyRecord(
  userId: number,
  sid: string,
  legacy: IssuedToken | undefined,
): { set: string; names: Record<string, string>; values: Record<string, unknown> } {
  if (!legacy) return { set: '', names: {}, values: {} };
  return {
    set: ', #type = :token_type, jti = :jti, user_id = :user_id, sid = :sid, issued_at = :issued_at, expires_at = :expires_at, legacy = :legacy',
    names: { '#type': 'type' },
    values: {
      ':token_type': 'refresh_token',
      ':jti': legacy.jti,
      ':user_id': userId,
      ':sid': sid,
      ':issued_at': legacy.issued_at,
      ':expires_at': legacy.expires_at,
      ':legacy': true,
    },
  };
}

/** The user condition of a logout: no logout everywhere since the session began, and for a simplejwt token an active imported user. */
function logoutUserCondition(ref: SessionRef): { condition: string; values: Record<string, unknown> } {
  return ref.legacy
    ? {
        condition: `${SESSION_PREDATES_NO_LOGOUT_ALL} AND ${IS_ACTIVE_IMPORTED_USER}`,
        values: { ':imported_from': 'django', ':active': true },
      }
    : { condition: SESSION_PREDATES_NO_LOGOUT_ALL, values: {} };
}

/** A new session's writes: its first token, and its item when the device is known. */
export function sessionStartWrites(db: Db, token: RefreshTokenRecord, device?: DeviceUse): NamedWrite[] {
  return [
    { name: 'token', write: putRefreshToken(db, token) },
    ...(device ? [{ name: 'session', write: putSessionStart(db, token, device) }] : []),
  ];
}

export function sessionStore(db: Db) {
  /**
   * The Update that writes what changed on a session, creating its item if this is the family's
   * first change, on condition that the session has not ended.
   */
  const sessionUpdate = (userId: number, sid: string, set: string, values: Record<string, unknown>) => ({
    TableName: db.table,
    Key: keys.session(userId, sid),
    UpdateExpression: `SET #type = :session_type, sid = :sid, user_id = :user_id, ${set}`,
    ConditionExpression: IS_UNENDED_SESSION,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':session_type': 'session', ':sid': sid, ':user_id': userId, ...values },
  });

  /** Ends a session, with when and why; its item expires with the newest token it already has, else with the presented one. */
  const sessionEnd = (userId: number, sid: string, nowMs: number, reason: string, expiresAt: number) =>
    sessionUpdate(userId, sid, 'revoked_ms = :now, revoked_reason = :reason, expires_at = if_not_exists(expires_at, :expires_at)', {
      ':now': nowMs,
      ':reason': reason,
      ':expires_at': expiresAt,
    });

  /** The presented token must be on record (a simplejwt one: or have none yet), live, and not a superseded one presented again. */
  const presentedTokenIs = (ref: SessionRef, graceStartMs: number) => ({
    TableName: db.table,
    Key: keys.refreshToken(ref.userId, ref.jti),
    ConditionExpression: ref.legacy ? IS_UNREUSED_LEGACY_TOKEN : IS_UNREUSED_REFRESH_TOKEN,
    ExpressionAttributeValues: { ':grace_start': graceStartMs, ...(ref.legacy ? { ':legacy': true } : {}) } as Record<string, unknown>,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  });

  /** Runs a logout's writes and names their outcome from what the presented token's write saw. */
  async function ending(writes: NamedWrite[], graceStartMs: number): Promise<EndingOutcome> {
    const outcome = await writeTogether(db, writes);
    if (outcome.written) return { kind: 'ended' };
    const presented = outcome.refused.get('presented') as RefreshTokenRecord | undefined;
    const reused = presented?.revoked_ms === undefined && presented?.superseded_ms !== undefined && presented.superseded_ms < graceStartMs;
    return reused ? { kind: 'reused', supersededMs: presented.superseded_ms! } : { kind: 'refused' };
  }

  return {
    /** A session's first refresh token (with its item, given the device), written on their own (registration writes them with the user). */
    async startSession(token: RefreshTokenRecord, device?: DeviceUse): Promise<void> {
      const outcome = await writeTogether(db, sessionStartWrites(db, token, device));
      if (!outcome.written) throw new Error('duplicate token id');
    },

    /**
     * Login's write: the session's first refresh token, on condition that the account is still
     * active (and, when upgrading its hash, still has the hash that was verified). A deactivation
     * or password change that commits while the password is being checked leaves the login with no token.
     */
    async completeLogin({ token, usernameKey, rehash, device, event }: LoginCompletion): Promise<LoginOutcome> {
      const account = {
        TableName: db.table,
        Key: keys.username(usernameKey),
        ExpressionAttributeValues: {
          ':active': true,
          ...(rehash ? { ':verified_hash': rehash.verified, ':new_hash': rehash.replacement } : {}),
        },
      };
      const accountWrite: TransactItem = rehash
        ? {
            Update: {
              ...account,
              UpdateExpression: 'SET password_hash = :new_hash',
              ConditionExpression: `${IS_ACTIVE_ACCOUNT} AND ${PASSWORD_HASH_UNCHANGED}`,
            },
          }
        : { ConditionCheck: { ...account, ConditionExpression: IS_ACTIVE_ACCOUNT } };
      const outcome = await writeTogether(db, [
        ...sessionStartWrites(db, token, device),
        { name: 'account', write: accountWrite },
        ...eventWrites(db, token.user_id, event),
      ]);
      if (outcome.written) return 'completed';
      if (outcome.refused.has('account')) return 'account_changed';
      throw new Error('duplicate token id');
    },

    /**
     * One transaction: mark the presented token superseded by the successor (recording what was
     * issued, so that a retry gets the same token), extend the session to the successor's expiry,
     * record the successor. Every step is conditional: of concurrent rotations of one token exactly
     * one commits, and a revoked token or an ended session issues nothing.
     */
    async rotateRefreshToken({ presented, successor, nowMs, device }: Rotation): Promise<RotationOutcome> {
      const issued: IssuedToken = { jti: successor.jti, issued_at: successor.issued_at, expires_at: successor.expires_at };
      const legacy = legacyRecord(presented.userId, presented.sid, presented.legacy);
      const use = device ? deviceUseSet(device) : { set: '', values: {} };
      const outcome = await writeTogether(db, [
        {
          name: 'presented',
          write: {
            Update: {
              TableName: db.table,
              Key: keys.refreshToken(presented.userId, presented.jti),
              UpdateExpression: `SET superseded_ms = :now, successor = :successor${legacy.set}`,
              ConditionExpression: presented.legacy ? IS_ROTATABLE_LEGACY_TOKEN : IS_ROTATABLE_REFRESH_TOKEN,
              ...(presented.legacy ? { ExpressionAttributeNames: legacy.names } : {}),
              ExpressionAttributeValues: { ':now': nowMs, ':successor': issued, ...legacy.values },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        },
        {
          name: 'session',
          write: {
            Update: sessionUpdate(presented.userId, presented.sid, ['expires_at = :expires_at', use.set].filter(Boolean).join(', '), {
              ':expires_at': successor.expires_at,
              ...use.values,
            }),
          },
        },
        { name: 'successor', write: putRefreshToken(db, successor) },
      ]);
      if (outcome.written) return { kind: 'rotated' };
      const now = outcome.refused.get('presented') as RefreshTokenRecord | undefined;
      if (now?.successor && now.superseded_ms !== undefined && now.revoked_ms === undefined) {
        return { kind: 'already_rotated', successor: now.successor, supersededMs: now.superseded_ms };
      }
      return { kind: 'refused' };
    },

    /**
     * The token record, its session and its user in one consistent round trip. Not isolated: a
     * logout or deactivation committing meanwhile may show in some of the three and not others,
     * and each mix either refuses or answers as if the refresh came first.
     */
    async readRefreshState(userId: number, jti: string, sid: string): Promise<RefreshState> {
      const [token, session, user] = await readItems(db, [keys.refreshToken(userId, jti), keys.session(userId, sid), keys.user(userId)]);
      return { token, session, user } as RefreshState;
    },

    /** Reuse detected: the whole family stops working, whoever holds its newest token. */
    async revokeSession(ref: Omit<SessionRef, 'jti' | 'createdMs'>, reason: string, nowMs: number): Promise<void> {
      try {
        await db.client.send(new UpdateCommand(sessionEnd(ref.userId, ref.sid, nowMs, reason, ref.expiresAt)));
      } catch (error) {
        // Already revoked (a concurrent reuse, or logout): the outcome the caller wanted.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    /**
     * Logout: revokes the presented token and its session in one transaction, on condition that
     * both are live, that the token is not a superseded one presented again, and that the user has
     * not logged out everywhere since the session began.
     */
    async endSession({ ref, nowMs, graceStartMs, event }: Ending): Promise<EndingOutcome> {
      const token = presentedTokenIs(ref, graceStartMs);
      const legacy = legacyRecord(ref.userId, ref.sid, ref.legacy);
      const user = logoutUserCondition(ref);
      return ending(
        [
          {
            name: 'presented',
            write: {
              Update: {
                ...token,
                UpdateExpression: `SET revoked_ms = :now, revoked_reason = :reason${legacy.set}`,
                ...(ref.legacy ? { ExpressionAttributeNames: legacy.names } : {}),
                ExpressionAttributeValues: { ...token.ExpressionAttributeValues, ':now': nowMs, ':reason': 'logout', ...legacy.values },
              },
            },
          },
          { name: 'session', write: { Update: sessionEnd(ref.userId, ref.sid, nowMs, 'logout', ref.expiresAt) } },
          {
            name: 'user',
            write: {
              ConditionCheck: {
                TableName: db.table,
                Key: keys.user(ref.userId),
                ConditionExpression: user.condition,
                ExpressionAttributeValues: { ':session_created_ms': ref.createdMs, ':sid': ref.sid, ...user.values },
              },
            },
          },
          ...eventWrites(db, ref.userId, event),
        ],
        graceStartMs,
      );
    },

    /**
     * Logout everywhere: one write on the user's profile ends every session that began before now,
     * whatever their number; the presented token must itself be live and not reused.
     */
    async endAllSessions({ ref, nowMs, graceStartMs, event }: Ending): Promise<EndingOutcome> {
      const user = logoutUserCondition(ref);
      return ending(
        [
          { name: 'presented', write: { ConditionCheck: presentedTokenIs(ref, graceStartMs) } },
          {
            name: 'session',
            write: {
              ConditionCheck: { TableName: db.table, Key: keys.session(ref.userId, ref.sid), ConditionExpression: IS_UNENDED_SESSION },
            },
          },
          {
            name: 'user',
            write: {
              Update: {
                TableName: db.table,
                Key: keys.user(ref.userId),
                // Everywhere means everywhere: the session a password change kept ends too.
                UpdateExpression: 'SET sessions_revoked_ms = :now REMOVE sessions_revoked_except',
                ConditionExpression: user.condition,
                ExpressionAttributeValues: { ':now': nowMs, ':session_created_ms': ref.createdMs, ':sid': ref.sid, ...user.values },
              },
            },
          },
          ...eventWrites(db, ref.userId, event),
        ],
        graceStartMs,
      );
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
