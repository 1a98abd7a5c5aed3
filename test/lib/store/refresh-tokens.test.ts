// Refresh-token records against DynamoDB Local: saved, found consistently, revoked exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenInvalid } from '../../../lib/errors';
import { findRefreshToken, revokeRefreshToken, saveRefreshToken } from '../../../lib/store/refresh-tokens';
import { useStackEnv } from '../../support/env';

beforeAll(() => useStackEnv());

let n = 0;
const record = () => ({ jti: `rt${process.pid}x${Date.now()}x${(n += 1)}`, user_id: 77, issued_at: 100, expires_at: 4_000_000_000 });

describe('refresh-token records', () => {
  it('are found right after being saved', async () => {
    const r = record();
    await saveRefreshToken(r);
    expect(await findRefreshToken(77, r.jti)).toMatchObject(r);
  });

  it('are looked up within their owner: another user id finds nothing', async () => {
    const r = record();
    await saveRefreshToken(r);
    expect(await findRefreshToken(78, r.jti)).toBeUndefined();
  });

  it('cannot be saved twice under one jti', async () => {
    const r = record();
    await saveRefreshToken(r);
    await expect(saveRefreshToken(r)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('revoke once, then refuse a second revoke and an unknown jti', async () => {
    const r = record();
    await saveRefreshToken(r);
    await revokeRefreshToken(77, r.jti, 200);
    expect(await findRefreshToken(77, r.jti)).toMatchObject({ revoked_at: 200 });
    await expect(revokeRefreshToken(77, r.jti, 201)).rejects.toBeInstanceOf(TokenInvalid);
    await expect(revokeRefreshToken(77, 'never-issued', 201)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('of concurrent revokes of one token, exactly one succeeds', async () => {
    const r = record();
    await saveRefreshToken(r);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => revokeRefreshToken(77, r.jti, 300)));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
  });
});
