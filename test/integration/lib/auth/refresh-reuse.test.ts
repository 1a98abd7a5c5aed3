// Rotation's edges with the clock frozen, against DynamoDB Local: one successor per token however
// often or concurrently it is presented within the grace window, and reuse after it detected at
// refresh and at logout alike.
import { describe, expect, it, vi } from 'vitest';
import { logout } from '../../../../lib/auth/logout';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { TokenInvalid } from '../../../../lib/errors';
import { testContext } from '../../../support/context';
import { frozenClock, now } from '../../../support/clock';
import { newUser } from '../../../support/http';
import { captureLogs } from '../../../support/logs';
import { login } from '../../../../lib/auth/login';

const ctx = testContext({ ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '10', LOG_LEVEL: 'info' });
const at = frozenClock(now());
const REGISTERING = { sourceIp: '192.0.2.251' };

describe('within the grace window', () => {
  it('answers a token presented again with the very successor its rotation issued, byte for byte', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const first = await refresh(ctx, { refresh: tokens.refresh });
    at(9_000);
    const retry = await refresh(ctx, { refresh: tokens.refresh });
    expect(retry.refresh).toBe(first.refresh);
    // A fresh access token each time; the family has exactly one live head.
    expect(retry.access).not.toBe(first.access);
    await expect(refresh(ctx, { refresh: first.refresh! })).resolves.toHaveProperty('refresh');
  });

  it('answers 8 concurrent refreshes of one token with one successor: no second chain lives on', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(ctx, { refresh: tokens.refresh })));
    expect(new Set(answers.map((a) => a.refresh)).size).toBe(1);
  });
});

describe('after the grace window', () => {
  it('refresh: revokes the whole family and logs a security event', async () => {
    const logs = captureLogs();
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const rotated = await refresh(ctx, { refresh: tokens.refresh });
    at(11_000);
    await expect(refresh(ctx, { refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(refresh(ctx, { refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);
    vi.restoreAllMocks();
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'WARN', event: 'refresh_token_reuse' }));
  });

  it('logout: refuses the reused token, revokes its family and logs the same security event', async () => {
    const logs = captureLogs();
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const rotated = await refresh(ctx, { refresh: tokens.refresh });
    at(11_000);
    await expect(logout(ctx, { refresh_token: tokens.refresh, all: false })).rejects.toBeInstanceOf(TokenInvalid);
    // The successor, whoever holds it, is dead too.
    await expect(refresh(ctx, { refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);
    vi.restoreAllMocks();
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'WARN', event: 'refresh_token_reuse' }));
    expect(logs().map((line) => line.event)).not.toContain('logout');
  });

  it('logout with all: refuses the reused token and never logs the user out everywhere', async () => {
    const user = newUser();
    const { tokens } = await register(ctx, user, REGISTERING);
    const elsewhere = await login(ctx, { username: user.username, password: user.password }, { sourceIp: '198.51.100.70' });
    await refresh(ctx, { refresh: tokens.refresh });
    at(11_000);
    await expect(logout(ctx, { refresh_token: tokens.refresh, all: true })).rejects.toBeInstanceOf(TokenInvalid);
    // The user's other login is untouched: a stolen old token cannot sign the owner out everywhere.
    await expect(refresh(ctx, { refresh: elsewhere.refresh })).resolves.toHaveProperty('access');
  });

  it('with rotation switched off since: a token superseded while it was on is still reuse, not revived', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    const rotated = await refresh(ctx, { refresh: tokens.refresh });
    const rotationOff = testContext({ ROTATE_REFRESH_TOKENS: 'false', REFRESH_REUSE_GRACE_SECONDS: '10' });
    at(11_000);
    await expect(refresh(rotationOff, { refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);
    // Its family ended with it; without rotation the successor would otherwise go on refreshing.
    await expect(refresh(rotationOff, { refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);
  });
});
