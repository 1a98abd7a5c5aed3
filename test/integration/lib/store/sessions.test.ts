// Sessions against DynamoDB Local: read together, rotated once per token (conditional on token and
// session; all or nothing), ended by logout, ended together by logout-all, reuse named at logout.
import { describe, expect, it } from 'vitest';
import { testContext } from '../../../support/context';
import { anotherSession as anotherSessionOf, tokenRecord, userWithSession as userWithSessionIn } from '../../../support/store';

const { store } = testContext();
const { endAllSessions, endSession, readRefreshState, revokeSession, rotateRefreshToken, startSession } = store.sessions;
const userWithSession = (createdMs?: number) => userWithSessionIn(store, createdMs);
const anotherSession = (userId: number, createdMs?: number) => anotherSessionOf(store, userId, createdMs);

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

const GRACE_MS = 10_000;
type User = Awaited<ReturnType<typeof userWithSession>>;
const end = (ref: User['ref'], nowMs: number) => endSession({ ref, nowMs, graceStartMs: nowMs - GRACE_MS });
const endAll = (ref: User['ref'], nowMs: number) => endAllSessions({ ref, nowMs, graceStartMs: nowMs - GRACE_MS });

async function rotate(user: User, nowMs: number) {
  const successor = tokenRecord(user.userId, user.sid);
  const outcome = await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs });
  return { successor, outcome };
}

describe('endSession (logout)', () => {
  it('revokes the token and its session, once', async () => {
    const { userId, sid, token, ref } = await userWithSession();
    expect(await end(ref, 1_000_000)).toEqual({ kind: 'ended' });
    const state = await readRefreshState(userId, token.jti, sid);
    expect(state.token?.revoked_ms).toBe(1_000_000);
    // Written by this first change, expiring with the only token the family has had.
    expect(state.session).toMatchObject({
      sid,
      user_id: userId,
      revoked_ms: 1_000_000,
      revoked_reason: 'logout',
      expires_at: token.expires_at,
    });
    expect(await end(ref, 2_000_000)).toEqual({ kind: 'refused' });
  });

  it('of 5 concurrent logouts with one token, exactly one succeeds', async () => {
    const { ref } = await userWithSession();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => end(ref, 3_000_000)));
    expect(outcomes.filter((o) => o.kind === 'ended')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(4);
  });

  it("leaves the same user's other sessions alone", async () => {
    const { userId, ref } = await userWithSession();
    const other = await anotherSession(userId);
    await end(ref, 4_000_000);
    const state = await readRefreshState(userId, other.token.jti, other.sid);
    expect(state.token?.revoked_ms).toBeUndefined();
    expect(state.session?.revoked_ms).toBeUndefined();
  });

  it('names a token superseded before the grace window as reused, and ends nothing itself', async () => {
    const user = await userWithSession();
    await rotate(user, 50_000);
    expect(await end(user.ref, 50_000 + GRACE_MS + 1)).toEqual({ kind: 'reused', supersededMs: 50_000 });
    expect((await readRefreshState(user.userId, user.token.jti, user.sid)).token?.revoked_ms).toBeUndefined();
  });

  it('ends the session of a token superseded inside the grace window (a logout right after a refresh)', async () => {
    const user = await userWithSession();
    await rotate(user, 50_000);
    expect(await end(user.ref, 50_000 + GRACE_MS - 1)).toEqual({ kind: 'ended' });
  });
});

describe('endAllSessions (logout everywhere)', () => {
  it('marks the user so every session begun before now is over, in one write', async () => {
    const now = Date.now();
    const { userId, ref } = await userWithSession(now - 2_000);
    const other = await anotherSession(userId, now - 1_000);
    expect(await endAll(ref, now)).toEqual({ kind: 'ended' });
    const state = await readRefreshState(userId, other.token.jti, other.sid);
    expect(state.user?.sessions_revoked_ms).toBe(now);
    // The other session's token can no longer log out: its session predates the logout-all.
    expect(await end(other.ref, now + 1)).toEqual({ kind: 'refused' });
  });

  it('does not touch sessions begun afterwards', async () => {
    const now = Date.now();
    const { userId, ref } = await userWithSession(now - 1_000);
    await endAll(ref, now);
    const later = await anotherSession(userId, now + 1);
    expect(await end(later.ref, now + 2)).toEqual({ kind: 'ended' });
  });

  it('refuses a token whose session already ended', async () => {
    const { ref } = await userWithSession();
    await end(ref, 1_000_000);
    expect(await endAll(ref, 2_000_000)).toEqual({ kind: 'refused' });
  });

  it('never reaches the profile with a reused token: the user is not logged out everywhere', async () => {
    const user = await userWithSession();
    await rotate(user, 50_000);
    expect(await endAll(user.ref, 50_000 + GRACE_MS + 1)).toEqual({ kind: 'reused', supersededMs: 50_000 });
    expect((await readRefreshState(user.userId, user.token.jti, user.sid)).user?.sessions_revoked_ms).toBeUndefined();
  });
});

describe('revokeSession (reuse detected)', () => {
  it('keeps the expiry of the newest token the session already has', async () => {
    const user = await userWithSession();
    const successor = { ...tokenRecord(user.userId, user.sid), expires_at: 4_200_000_000 };
    await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs: 1 });
    await revokeSession({ userId: user.userId, sid: user.sid, expiresAt: user.token.expires_at }, 'refresh token reuse', 5);
    expect((await readRefreshState(user.userId, successor.jti, user.sid)).session).toMatchObject({
      revoked_ms: 5,
      expires_at: 4_200_000_000,
    });
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

describe('rotateRefreshToken', () => {
  it('supersedes the presented token, recording what replaced it, and records the successor in the same session', async () => {
    const user = await userWithSession();
    const { successor, outcome } = await rotate(user, 50_000);
    expect(outcome).toEqual({ kind: 'rotated' });
    expect((await readRefreshState(user.userId, user.token.jti, user.sid)).token).toMatchObject({
      superseded_ms: 50_000,
      successor: { jti: successor.jti, issued_at: successor.issued_at, expires_at: successor.expires_at },
    });
    expect((await readRefreshState(user.userId, successor.jti, user.sid)).token).toMatchObject({ sid: user.sid });
  });

  it("writes the session item on the family's first change, expiring with the successor", async () => {
    const user = await userWithSession();
    const successor = { ...tokenRecord(user.userId, user.sid), expires_at: 4_100_000_000 };
    await rotateRefreshToken({ presented: { userId: user.userId, jti: user.token.jti, sid: user.sid }, successor, nowMs: 1 });
    const { session } = await readRefreshState(user.userId, successor.jti, user.sid);
    expect(session).toEqual({
      pk: `USER#${user.userId}`,
      sk: `SESSION#${user.sid}`,
      type: 'session',
      sid: user.sid,
      user_id: user.userId,
      expires_at: 4_100_000_000,
    });
  });

  it("rotates a token once: a second rotation gets the first one's successor and writes none of its own", async () => {
    const user = await userWithSession();
    const first = await rotate(user, 50_000);
    const second = await rotate(user, 50_001);
    expect(second.outcome).toEqual({
      kind: 'already_rotated',
      supersededMs: 50_000,
      successor: { jti: first.successor.jti, issued_at: first.successor.issued_at, expires_at: first.successor.expires_at },
    });
    expect((await readRefreshState(user.userId, second.successor.jti, user.sid)).token).toBeUndefined();
  });

  it('of 6 concurrent rotations of one token, exactly one writes a successor, and the rest are told which', async () => {
    const user = await userWithSession();
    const results = await Promise.all(Array.from({ length: 6 }, () => rotate(user, 70_000)));
    const winners = results.filter((r) => r.outcome.kind === 'rotated');
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => r.outcome.kind !== 'rotated')) {
      expect(r.outcome).toMatchObject({ kind: 'already_rotated', successor: { jti: winners[0]!.successor.jti } });
    }
  });

  it('refuses when the session was revoked, and writes no successor', async () => {
    const user = await userWithSession();
    await revokeSession({ userId: user.userId, sid: user.sid, expiresAt: user.token.expires_at }, 'test', 1);
    const { successor, outcome } = await rotate(user, 60_000);
    expect(outcome).toEqual({ kind: 'refused' });
    expect((await readRefreshState(user.userId, successor.jti, user.sid)).token).toBeUndefined();
  });

  it('refuses a logged-out token', async () => {
    const user = await userWithSession();
    await end(user.ref, 1_000_000);
    expect((await rotate(user, 60_000)).outcome).toEqual({ kind: 'refused' });
  });
});
