// The device-session use cases against DynamoDB Local: ending one session while it is being
// refreshed from 20 places at once, with rotation off and on; paging through many sessions.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { refresh } from '../../../../lib/auth/refresh';
import { register } from '../../../../lib/auth/register';
import { endDeviceSession, listSessions, SESSIONS_PAGE_SIZE } from '../../../../lib/auth/sessions';
import { ErrorCode } from '../../../../lib/errors';
import { testContext } from '../../../support/context';
import { newUser } from '../../../support/http';

const REGISTERING = { sourceIp: '192.0.2.251' };
const sidOf = (token: string) => String(decodeJwt(token).sid);
const codeOf = (result: PromiseSettledResult<unknown>) => (result.status === 'fulfilled' ? 'ok' : (result.reason as { code: string }).code);

describe.each([
  ['off', testContext()],
  ['on', testContext({ ROTATE_REFRESH_TOKENS: 'true' })],
])('ending a session with rotation %s', (_, ctx) => {
  it('20 ends racing 20 refreshes: exactly one end, the others not found, nothing refreshes afterwards', { timeout: 60_000 }, async () => {
    const user = newUser();
    const { tokens } = await register(ctx, user, REGISTERING);
    const phone = await login(ctx, { username: user.username, password: user.password }, { sourceIp: '198.51.100.70', userAgent: 'Phone' });
    const sid = sidOf(phone.refresh);
    const device = { sourceIp: '198.51.100.71', userAgent: 'Racer' };

    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, () => endDeviceSession(ctx, tokens.access, sid)),
      ...Array.from({ length: 20 }, () => refresh(ctx, { refresh: phone.refresh }, device)),
    ]);
    const ends = results.slice(0, 20).map(codeOf);
    expect(ends.filter((code) => code === 'ok')).toHaveLength(1);
    expect(ends.filter((code) => code === ErrorCode.NotFound)).toHaveLength(19);
    const refreshes = results.slice(20);
    for (const code of refreshes.map(codeOf)) expect(['ok', ErrorCode.TokenInvalid]).toContain(code);

    await expect(refresh(ctx, { refresh: phone.refresh }, device)).rejects.toMatchObject({ code: ErrorCode.TokenInvalid });
    for (const r of refreshes) {
      const successor = r.status === 'fulfilled' ? (r.value as { refresh?: string }).refresh : undefined;
      if (successor) await expect(refresh(ctx, { refresh: successor })).rejects.toMatchObject({ code: ErrorCode.TokenInvalid });
    }
    const { results: listed } = await listSessions(ctx, tokens.access, undefined);
    expect(listed.map((s) => s.sid)).toEqual([sidOf(tokens.refresh)]);
  });
});

describe('listing sessions', () => {
  it(`pages ${SESSIONS_PAGE_SIZE} at a time, newest first, and the cursors reach every session once`, { timeout: 120_000 }, async () => {
    const ctx = testContext();
    const user = newUser();
    const { tokens } = await register(ctx, user, REGISTERING);
    const logins = [];
    for (let i = 0; i < SESSIONS_PAGE_SIZE + 5; i += 1) {
      logins.push(
        await login(ctx, { username: user.username, password: user.password }, { sourceIp: '198.51.100.72', userAgent: `Device ${i}` }),
      );
    }
    const first = await listSessions(ctx, tokens.access, undefined);
    expect(first.results).toHaveLength(SESSIONS_PAGE_SIZE);
    expect(first.next).toEqual(expect.any(String));
    const second = await listSessions(ctx, tokens.access, first.next!);
    expect(second.next).toBeNull();
    const sids = [...first.results, ...second.results].map((s) => s.sid);
    const expected = [...logins.map((l) => sidOf(l.refresh)), sidOf(tokens.refresh)].sort().reverse();
    expect(sids).toEqual(expected);
    expect(sids.filter((sid) => sid === sidOf(tokens.refresh))).toHaveLength(1);
    expect(second.results.at(-1)).toMatchObject({ current: true, ip: REGISTERING.sourceIp });
  });
});
