// Sessions against DynamoDB Local: read together, ended by logout, ended together by logout-all.
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../lib/errors';
import { endAllSessions, endSession, readRefreshState, revokeSession } from '../../../lib/store/sessions';
import { useStackEnv } from '../../support/env';
import { anotherSession, userWithSession } from '../../support/store';

beforeAll(() => useStackEnv());

describe('readRefreshState', () => {
  it('returns the token record, its session and its user in one read', async () => {
    const { userId, sid, token } = await userWithSession();
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.token).toMatchObject(token);
    expect(state.session).toMatchObject({ sid, user_id: userId });
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
    expect(state.session).toMatchObject({ revoked_ms: 1_000, revoked_reason: 'logout' });
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
  it('revokes the session with its reason, and is idempotent', async () => {
    const { userId, sid, token } = await userWithSession();
    await revokeSession(userId, sid, 'refresh token reuse', 5);
    await revokeSession(userId, sid, 'refresh token reuse', 6);
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.session).toMatchObject({ revoked_ms: 5, revoked_reason: 'refresh token reuse' });
  });
});
