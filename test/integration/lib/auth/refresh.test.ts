// The refresh use case against DynamoDB Local with the clock frozen: reuse after the grace window
// leaves other logins alone, and racing holders keep no live family (test/lib/auth/refresh-reuse.test.ts has the rest).
import { describe, expect, it } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { TokenInvalid } from '../../../../lib/errors';
import { testContext } from '../../../support/context';
import { frozenClock, now } from '../../../support/clock';
import { newUser } from '../../../support/http';

// Registrations in-process come from one documentation address (RFC 5737).
const REGISTERING = { sourceIp: '192.0.2.250' };

const ctx = testContext({ ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '10' });
const at = frozenClock(now());

describe('refresh with rotation', () => {
  it("leaves the same user's other logins untouched", async () => {
    const user = newUser();
    const { tokens } = await register(ctx, user, REGISTERING);
    const elsewhere = await login(ctx, { username: user.username, password: user.password }, { sourceIp: '198.51.100.7' });
    await refresh(ctx, { refresh: tokens.refresh });
    at(11_000);
    await expect(refresh(ctx, { refresh: tokens.refresh })).rejects.toBeInstanceOf(TokenInvalid);
    await expect(refresh(ctx, { refresh: elsewhere.refresh })).resolves.toHaveProperty('access');
  });

  it('two holders racing with one superseded token after the grace window: neither keeps a live family', async () => {
    const { tokens } = await register(ctx, newUser(), REGISTERING);
    await refresh(ctx, { refresh: tokens.refresh });
    at(11_000);
    const results = await Promise.allSettled([refresh(ctx, { refresh: tokens.refresh }), refresh(ctx, { refresh: tokens.refresh })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
