// Rotation against DynamoDB Local: conditional on grace, token and session; all or nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../lib/errors';
import { rotateRefreshToken } from '../../../lib/store/refresh-tokens';
import { endSession, readRefreshState, revokeSession } from '../../../lib/store/sessions';
import { useStackEnv } from '../../support/env';
import { tokenRecord, userWithSession } from '../../support/store';

beforeAll(() => useStackEnv());

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
    await revokeSession(user.userId, user.sid, 'test', 1);
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
