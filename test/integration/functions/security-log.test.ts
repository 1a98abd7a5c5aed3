// GET /api/auth/me/security-log/ over HTTP: the bearer's own events, written by the requests that
// caused them, newest first, with where they came from and never a secret; a page at a time.
import { describe, expect, it } from 'vitest';
import { securityEvent } from '../../../lib/domain/security-event';
import { testContext } from '../../support/context';
import { call, post, registered } from '../../support/http';

const LOG = '/api/auth/me/security-log/';
const ctx = testContext();
const logOf = (access: string, cursor?: string) => call('GET', cursor === undefined ? LOG : `${LOG}?cursor=${cursor}`, { bearer: access });

describe('GET /api/auth/me/security-log/', () => {
  it('lists registration, login (with its address and browser), logout and logout everywhere, newest first, without secrets', async () => {
    const { request, content } = await registered();
    const login = await post(
      '/api/auth/login/',
      { username: request.username, password: request.password },
      { from: '127.0.0.71', headers: { 'user-agent': 'Tablet/3.0' } },
    );
    expect((await post('/api/auth/logout/', { refresh_token: login.body.refresh })).status).toBe(200);
    expect((await post('/api/auth/logout/', { refresh_token: content.tokens.refresh, all: true })).status).toBe(200);

    const response = await logOf(content.tokens.access);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const events = response.body.results as { event: string; ip: string | null; user_agent: string | null; sid: string | null }[];
    expect(events.map((e) => e.event)).toEqual(['signed_out_everywhere', 'session_ended', 'logged_in', 'registered']);
    expect(events[2]).toMatchObject({ ip: '127.0.0.71', user_agent: 'Tablet/3.0', by: 'user' });
    expect(events[1]!.sid).toBe(events[2]!.sid);
    // Failed logins, from an address of their own: the one that starts the pair's lock says so.
    for (let i = 0; i < 5; i += 1)
      expect((await post('/api/auth/login/', { username: request.username, password: `wrong-${i}` }, { from: '127.0.0.72' })).status).toBe(
        401,
      );
    const failures = ((await logOf(content.tokens.access)).body.results as { event: string; ip: string | null }[]).slice(0, 5);
    expect(failures.map((e) => e.event)).toEqual(['locked', 'login_failed', 'login_failed', 'login_failed', 'login_failed']);
    expect(failures.every((e) => e.ip === '127.0.0.72')).toBe(true);
    const text = JSON.stringify(response.body);
    for (const secret of [request.password, login.body.refresh, login.body.access, content.tokens.refresh])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/hash|jti/);
  });

  it('pages with a cursor, leaves expired events out, refuses a forged cursor, and needs a bearer', async () => {
    const { content } = await registered();
    const start = Date.now() - 60_000;
    for (let i = 0; i < 55; i += 1)
      await ctx.store.securityLog.record(content.pk, securityEvent('logged_in', start + i, 90, { ip: '192.0.2.9' }));
    // Past its retention, not yet removed by TTL.
    await ctx.store.securityLog.record(content.pk, securityEvent('disabled', Date.now() - 2 * 86_400_000, 1, { by: 'operator' }));

    const first = await logOf(content.tokens.access);
    expect(first.body.results).toHaveLength(50);
    expect(first.body.results[0].event).toBe('registered');
    expect(first.body.next).toEqual(expect.any(String));
    const second = await logOf(content.tokens.access, first.body.next as string);
    expect(second.status).toBe(200);
    expect(second.body.results).toHaveLength(6);
    expect(second.body.next).toBeNull();
    const times = [...first.body.results, ...second.body.results].map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect([...first.body.results, ...second.body.results].map((e: { event: string }) => e.event)).not.toContain('disabled');

    expect((await logOf(content.tokens.access, 'USER%231')).status).toBe(400);
    expect((await call('GET', LOG)).status).toBe(401);
    expect((await logOf(content.tokens.refresh)).status).toBe(401);
  });
});
