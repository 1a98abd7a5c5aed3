// Registration is rationed per source address (each costs a password hash and a pk, and says
// whether a name is taken): a burst from one address gets at most the limit through, others don't
// notice, and the window passes by itself.
import { describe, expect, it } from 'vitest';
import { register } from '../../../../lib/auth/register';
import { RateLimited } from '../../../../lib/errors';
import { testContext } from '../../../support/context';
import { frozenClock, now } from '../../../support/clock';
import { loadHandlers } from '../../../support/handlers';
import { newUser } from '../../../support/http';
import { outcomesByKind } from '../../../support/outcomes';

const ctx = testContext({ REGISTER_IP_MAX_ATTEMPTS: '3', REGISTER_IP_WINDOW_SECONDS: '3600' });
const at = frozenClock(now());
let octet = 0;
const freshIp = () => ({ sourceIp: `203.0.113.${(octet += 1)}` });
const attempt = (from: { sourceIp: string }) => register(ctx, newUser(), from).catch((e: unknown) => e);

describe('registration per source address', () => {
  it('lets 3 of 10 simultaneous registrations from one address through; the rest get 429 with the time left', async () => {
    const from = freshIp();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => attempt(from)));
    expect(outcomesByKind(outcomes)).toEqual({ 200: 3, ERR_RATE_LIMITED: 7 });
    const refused = outcomes.find((o) => o instanceof RateLimited) as RateLimited;
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(refused.message).toBe(`Request was throttled. Expected available in ${refused.retryAfterSeconds} seconds.`);
  });

  it('counts each address on its own, an IPv6 client as its /64', async () => {
    const busy = freshIp();
    for (let i = 0; i < 3; i += 1) await attempt(busy);
    expect(await attempt(busy)).toBeInstanceOf(RateLimited);
    expect(await attempt(freshIp())).toHaveProperty('pk');
    for (let i = 0; i < 3; i += 1) await attempt({ sourceIp: `2001:db8:77:1::${i + 1}` });
    expect(await attempt({ sourceIp: '2001:db8:77:1:ffff::1' })).toBeInstanceOf(RateLimited);
  });

  it('lets the address register again once its window has passed', async () => {
    const from = freshIp();
    for (let i = 0; i < 3; i += 1) await attempt(from);
    const refused = (await attempt(from)) as RateLimited;
    at(refused.retryAfterSeconds * 1000);
    expect(await attempt(from)).toHaveProperty('pk');
  });

  it('answers 429 with Retry-After and the JSON error body through the handler', async () => {
    const api = await loadHandlers(ctx, { sourceIp: '203.0.113.250' });
    for (let i = 0; i < 3; i += 1) expect((await api.register(newUser())).status).toBe(201);
    const response = await api.register(newUser());
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body).toEqual({ error: `Request was throttled. Expected available in ${response.headers['retry-after']} seconds.` });
  });
});
