// Sessions against DynamoDB Local: read together, rotated (conditional on grace, token and session;
// all or nothing), ended by logout, ended together by logout-all.
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../lib/errors';
import { endAllSessions, endSession, readRefreshState, revokeSession, rotateRefreshToken, startSession } from '../../../lib/store/sessions';
import { useStackEnv } from '../../support/env';
import { anotherSession, tokenRecord, userWithSession } from '../../support/store';

beforeAll(() => useStackEnv());

describe('startSession (login)', () => {
  it('records the first token alone, and refuses a token id already on record', async () => {
    const { userId, sid, token } = await userWithSession();
    const fresh = tokenRecord(userId, sid);
    await startSession(fresh);
    expect((await readRefreshState(userId, fresh.jti, sid)).token).toMatchObject(fresh);
    await expect(startSession({ ...token, issued_at: 200 })).rejects.toThrow('duplicate token id');
    expect((await readRefreshState(userId, token.jti, sid)).token?.issued_at).toBe(token.issued_at);
  });
});

describe('readRefreshState', () => {
  it('returns the token record and its user in one read; an unchanged session has no item yet', async () => {
    const { userId, sid, token } = await userWithSession();
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.token).toMatchObject(token);
    expect(state.session).toBeUndefined();
    expect(state.user).toMatchObject({ id: userId, is_active: true });
  });

  it('returns nothing for an unknown token or session', async () => {
    const { userId, sid } = await userWithSession();
    const state = await readRefreshState(userId, 'never-issued', `${sid.slice(0, 9)}${'0'.repeat(16)}`);
    expect(state.token).toBeUndefined();
    expect(state.session).toBeUndefined();
  });
});

describe('endSession (logout)', () => {
  it('revokes the token and its session, once', async () => {
    const { userId, sid, token, ref } = await userWithSession();
    await endSession(ref, 1_000);
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.token?.revoked_ms).toBe(1_000);
    // Written by this first change, expiring with the only token the family has had.
    expect(state.session).toMatchObject({ sid, user_id: userId, revoked_ms: 1_000, revoked_reason: 'logout', expires_at: token.expires_at });
    await expect(endSession(ref, 2_000)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('of 5 concurrent logouts with one token, exactly one succeeds', async () => {
    const { ref } = await userWithSession();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => endSession(ref, 3_000)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TokenInvalid);
  });

  it('leaves the same user\'s other sessions alone', async () => {
    const { userId, ref } = await userWithSession();
    const other = await anotherSession(userId);
    await endSession(ref, 4_000);
    const state = await readRefreshState(userId, other.token.jti, other.sid);
    expect(state.token?.revoked_ms).toBeUndefined();
    expect(state.session?.revoked_ms).toBeUndefined();
  });
});

describe('endAllSessions (logout everywhere)', () => {
  it('marks the user so every session begun before now is over, in one write', async () => {
    const now = Date.now();
    const { userId, ref } = await userWithSession(now - 2_000);
    const other = await anotherSession(userId, now - 1_000);
    await endAllSessions(ref, now);
    const state = await readRefreshState(userId, other.token.jti, other.sid);
    expect(state.user?.sessions_revoked_ms).toBe(now);
    // The other session's token can no longer log out: its session predates the logout-all.
    await expect(endSession(other.ref, now + 1)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('does not touch sessions begun afterwards', async () => {
    const now = Date.now();
    const { userId, ref } = await userWithSession(now - 1_000);
    await endAllSessions(ref, now);
    const later = await anotherSession(userId, now + 1);
    await expect(endSession(later.ref, now + 2)).resolves.toBeUndefined();
  });

  it('refuses a token whose session already ended', async () => {
    const { ref } = await userWithSession();
    await endSession(ref, 1);
    await expect(endAllSessions(ref, 2)).rejects.toBeInstanceOf(TokenInvalid);
  });
});

describe('revokeSession (reuse detected)', () => {
  it('keeps the expiry of the newest token the session already has', async () => {
    const user = await userWithSession();
    const successor = { ...tokenRecord(user.userId, user.sid), expires_at: 4_200_000_000 };
    await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs: 1, graceStartMs: 0 });
    await revokeSession({ userId: user.userId, sid: user.sid, expiresAt: user.token.expires_at }, 'refresh token reuse', 5);
    expect((await readRefreshState(user.userId, successor.jti, user.sid)).session).toMatchObject({ revoked_ms: 5, expires_at: 4_200_000_000 });
  });

  it('revokes the session with its reason, and is idempotent', async () => {
    const { userId, sid, token } = await userWithSession();
    const ref = { userId, sid, expiresAt: token.expires_at };
    await revokeSession(ref, 'refresh token reuse', 5);
    await revokeSession(ref, 'refresh token reuse', 6);
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.session).toMatchObject({ revoked_ms: 5, revoked_reason: 'refresh token reuse' });
  });
});

const GRACE_MS = 10_000;

async function rotate(user: Awaited<ReturnType<typeof userWithSession>>, nowMs: number) {
  const successor = tokenRecord(user.userId, user.sid);
  await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs, graceStartMs: nowMs - GRACE_MS });
  return successor;
}

describe('rotateRefreshToken', () => {
  it('supersedes the presented token and records its successor in the same session', async () => {
    const user = await userWithSession();
    const successor = await rotate(user, 50_000);
    expect((await readRefreshState(user.userId, user.token.jti, user.sid)).token?.superseded_ms).toBe(50_000);
    expect((await readRefreshState(user.userId, successor.jti, user.sid)).token).toMatchObject({ sid: user.sid });
  });

  it('writes the session item on the family\'s first change, expiring with the successor', async () => {
    const user = await userWithSession();
    const successor = { ...tokenRecord(user.userId, user.sid), expires_at: 4_100_000_000 };
    await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs: 1, graceStartMs: 0 });
    const { session } = await readRefreshState(user.userId, successor.jti, user.sid);
    expect(session).toEqual({ pk: `USER#${user.userId}`, sk: `SESSION#${user.sid}`, type: 'session', sid: user.sid, user_id: user.userId, expires_at: 4_100_000_000 });
  });

  it('rotates the same token again within the grace window, keeping the first supersession time', async () => {
    const user = await userWithSession();
    await rotate(user, 50_000);
    await rotate(user, 50_000 + GRACE_MS - 1);
    expect((await readRefreshState(user.userId, user.token.jti, user.sid)).token?.superseded_ms).toBe(50_000);
  });

  it('refuses after the grace window, and writes no successor', async () => {
    const user = await userWithSession();
    await rotate(user, 50_000);
    const late = tokenRecord(user.userId, user.sid);
    const attempt = rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor: late, nowMs: 50_000 + GRACE_MS + 1, graceStartMs: 50_001 });
    await expect(attempt).rejects.toBeInstanceOf(TokenInvalid);
    expect((await readRefreshState(user.userId, late.jti, user.sid)).token).toBeUndefined();
  });

  it('refuses when the session was revoked, and writes no successor', async () => {
    const user = await userWithSession();
    await revokeSession({ userId: user.userId, sid: user.sid, expiresAt: user.token.expires_at }, 'test', 1);
    await expect(rotate(user, 60_000)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a logged-out token', async () => {
    const user = await userWithSession();
    await endSession(user.ref, 1);
    await expect(rotate(user, 60_000)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('lets 6 concurrent rotations of one token within the grace window all succeed', async () => {
    const user = await userWithSession();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => rotate(user, 70_000)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
  });
});
