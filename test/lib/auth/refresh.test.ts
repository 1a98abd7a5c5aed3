// The refresh use case against DynamoDB Local with the clock frozen: reuse after the grace window
// revokes the whole family, logs a security event, and leaves other logins alone.
import { describe, expect, it, vi } from 'vitest';
import { login } from '../../../lib/auth/login';
import { refresh } from '../../../lib/auth/refresh';
import { register } from '../../../lib/auth/register';
import { TokenInvalid } from '../../../lib/errors';
import { frozenClock } from '../../support/clock';
import { captureLogs } from '../../support/logs';
import { newUser } from '../../support/http';

const at = frozenClock(Date.parse('2026-11-24T12:00:00Z'), { ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '10' });

describe('refresh with rotation', () => {
  it('accepts a superseded token within the grace window', async () => {
    const { tokens } = await register(newUser());
    await refresh({ refresh: tokens.refresh });
    at(9_000);
    await expect(refresh({ refresh: tokens.refresh })).resolves.toHaveProperty('refresh');
  });

  it('after the grace window, revokes the whole family and logs a security event', async () => {
    const logs = captureLogs();
    const { tokens } = await register(newUser());
    const rotated = await refresh({ refresh: tokens.refresh });
    at(11_000);
    await expect(refresh({ refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);
    // The successor, held by whoever rotated first, stops working too.
    await expect(refresh({ refresh: rotated.refresh! })).rejects.toBeInstanceOf(TokenInvalid);

    vi.restoreAllMocks();
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'WARN', event: 'refresh_token_reuse', service: 'auth-api' }));
  });

  it('leaves the same user\'s other logins untouched', async () => {
    const user = newUser();
    const { tokens } = await register(user);
    const elsewhere = await login({ username: user.username, password: user.password }, { sourceIp: '198.51.100.7' });
    await refresh({ refresh: tokens.refresh });
    at(11_000);
    await expect(refresh({ refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(refresh({ refresh: elsewhere.refresh })).resolves.toHaveProperty('access');
  });

  it('two holders racing with one superseded token after the grace window: neither keeps a live family', async () => {
    const { tokens } = await register(newUser());
    await refresh({ refresh: tokens.refresh });
    at(11_000);
    const results = await Promise.allSettled([refresh({ refresh: tokens.refresh }), refresh({ refresh: tokens.refresh })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
