// GET /api/auth/sessions/ and DELETE /api/auth/sessions/{sid}/ over HTTP: the bearer's devices,
// and ending one of them; another user's sid is not found.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, get, post, registered, type RequestOptions } from '../../support/http';

const SESSIONS = '/api/auth/sessions/';
const sidOf = (token: string) => String(decodeJwt(token).sid);
const list = (access: string, options: RequestOptions = {}) => call('GET', SESSIONS, { ...options, bearer: access });
const end = (access: string, sid: string, options: RequestOptions = {}) =>
  call('DELETE', `${SESSIONS}${sid}/`, { ...options, bearer: access });
const refresh = (token: string, options: RequestOptions = {}) => post('/api/auth/refresh/', { refresh: token }, options);

interface Listed {
  sid: string;
  created_at: string;
  last_used_at: string;
  ip: string;
  user_agent: string;
  current: boolean;
}

async function sessionsOf(access: string): Promise<Listed[]> {
  const response = await list(access);
  expect(response.status).toBe(200);
  return response.body.results as Listed[];
}

/** A registered user and a second login of theirs from another address and browser. */
async function userWithTwoDevices() {
  const { request, content } = await registered();
  const laptop = await post(
    '/api/auth/login/',
    { username: request.username, password: request.password },
    { from: '127.0.0.42', headers: { 'user-agent': 'Laptop/1.0 (X11)' } },
  );
  expect(laptop.status).toBe(200);
  return { request, content, laptop: laptop.body as { refresh: string; access: string } };
}

describe('GET /api/auth/sessions/', () => {
  it('lists every live session, newest first, with where each came from and which one is asking', async () => {
    const before = Date.now();
    const { content, laptop } = await userWithTwoDevices();
    const response = await list(laptop.access);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.next).toBeNull();
    const [newest, oldest] = response.body.results as Listed[];
    expect(response.body.results).toHaveLength(2);
    expect(newest).toMatchObject({ sid: sidOf(laptop.refresh), ip: '127.0.0.42', user_agent: 'Laptop/1.0 (X11)', current: true });
    expect(oldest).toMatchObject({ sid: sidOf(content.tokens.refresh), current: false });
    for (const session of [newest!, oldest!]) {
      expect(Date.parse(session.created_at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(session.last_used_at)).toBeGreaterThanOrEqual(Date.parse(session.created_at));
    }
    // The registration's own session, seen from its own access token, is the current one there.
    expect((await sessionsOf(content.tokens.access)).map((s) => s.current)).toEqual([false, true]);
  });

  it("records each refresh's address, browser and time on its session (without rotation and with it)", async () => {
    for (const rotating of [false, true]) {
      const { laptop } = await userWithTwoDevices();
      const [before] = await sessionsOf(laptop.access);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const refreshed = await refresh(laptop.refresh, { rotating, from: '127.0.0.43', headers: { 'user-agent': 'Phone/2.0\tbeta' } });
      expect(refreshed.status).toBe(200);
      const [after] = await sessionsOf(laptop.access);
      expect(after).toMatchObject({ sid: before!.sid, ip: '127.0.0.43', user_agent: 'Phone/2.0beta', created_at: before!.created_at });
      expect(Date.parse(after!.last_used_at)).toBeGreaterThan(Date.parse(before!.last_used_at));
    }
  });

  it('keeps a long User-Agent to 256 characters', async () => {
    const { request } = await registered();
    const login = await post(
      '/api/auth/login/',
      { username: request.username, password: request.password },
      { headers: { 'user-agent': 'x'.repeat(5000) } },
    );
    const [session] = await sessionsOf(login.body.access);
    expect(session!.user_agent).toBe('x'.repeat(256));
  });

  it("shows no other user's sessions, and none that ended (logout, logout everywhere)", async () => {
    const a = await userWithTwoDevices();
    const b = await userWithTwoDevices();
    const sidsOfB = (await sessionsOf(b.laptop.access)).map((s) => s.sid);
    expect(sidsOfB).toEqual([sidOf(b.laptop.refresh), sidOf(b.content.tokens.refresh)]);

    expect((await post('/api/auth/logout/', { refresh_token: a.content.tokens.refresh })).status).toBe(200);
    expect((await sessionsOf(a.laptop.access)).map((s) => s.sid)).toEqual([sidOf(a.laptop.refresh)]);
    expect((await post('/api/auth/logout/', { refresh_token: b.laptop.refresh, all: true })).status).toBe(200);
    expect(await sessionsOf(b.laptop.access)).toEqual([]);
  });

  it('refuses a cursor it did not hand out, and a request without a token', async () => {
    const { content } = await registered();
    const response = await call('GET', `${SESSIONS}?cursor=${encodeURIComponent("' OR 1=1")}`, { bearer: content.tokens.access });
    expect(response).toMatchObject({ status: 400, body: { error: 'Invalid cursor.' } });
    expect((await get(SESSIONS)).status).toBe(401);
    expect((await list(content.tokens.refresh)).status).toBe(401);
  });
});

describe('DELETE /api/auth/sessions/{sid}/', () => {
  it('ends that session: 204, its refresh token stops working, the other sessions keep working', async () => {
    const { content, laptop } = await userWithTwoDevices();
    const response = await end(content.tokens.access, sidOf(laptop.refresh));
    expect(response).toMatchObject({ status: 204, body: '' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await refresh(laptop.refresh)).toMatchObject({ status: 401 });
    expect(await refresh(laptop.refresh, { rotating: true })).toMatchObject({ status: 401 });
    expect((await post('/api/auth/logout/', { refresh_token: laptop.refresh })).status).toBe(400);
    expect((await sessionsOf(content.tokens.access)).map((s) => s.sid)).toEqual([sidOf(content.tokens.refresh)]);
    expect((await refresh(content.tokens.refresh)).status).toBe(200);
  });

  it('ends the current session too (the access token lives on until it expires, as documented)', async () => {
    const { content } = await registered();
    expect((await end(content.tokens.access, sidOf(content.tokens.refresh))).status).toBe(204);
    expect((await refresh(content.tokens.refresh)).status).toBe(401);
    expect(await sessionsOf(content.tokens.access)).toEqual([]);
  });

  it("answers another user's sid with 404, never 403, and leaves that session alive", async () => {
    const victim = await userWithTwoDevices();
    const attacker = await registered();
    for (const sid of [sidOf(victim.laptop.refresh), sidOf(victim.content.tokens.refresh)]) {
      const response = await end(attacker.content.tokens.access, sid);
      expect(response).toMatchObject({ status: 404, body: { error: 'Not found.' } });
    }
    expect((await refresh(victim.laptop.refresh)).status).toBe(200);
    expect(await sessionsOf(victim.laptop.access)).toHaveLength(2);
  });

  it('answers 404 alike for an unknown, malformed or already ended sid', async () => {
    const { content, laptop } = await userWithTwoDevices();
    const unknown = `${sidOf(laptop.refresh).slice(0, 9)}${'0'.repeat(16)}`;
    expect((await end(content.tokens.access, sidOf(laptop.refresh))).status).toBe(204);
    for (const sid of [unknown, 'not-a-sid', 'x'.repeat(300), sidOf(laptop.refresh)]) {
      expect(await end(content.tokens.access, sid)).toMatchObject({ status: 404, body: { error: 'Not found.' } });
    }
  });

  it('refuses a missing or refresh-typed token with 401', async () => {
    const { content } = await registered();
    expect((await call('DELETE', `${SESSIONS}${sidOf(content.tokens.refresh)}/`)).status).toBe(401);
    expect((await end(content.tokens.refresh, sidOf(content.tokens.refresh))).status).toBe(401);
    expect((await refresh(content.tokens.refresh)).status).toBe(200);
  });

  it.each([false, true])(
    // A small burst over HTTP: serverless offline cold-starts a worker per concurrent request, and on a
    // loaded 2-core machine a burst of 20 outlives the functions' 10 s timeout. 20 ends racing 20
    // refreshes run through the use cases against DynamoDB Local in test/integration/lib/auth/sessions.test.ts.
    '5 ends racing 5 refreshes of one session (rotation %s): one 204, the rest 404, no 5xx, and the session stays ended',
    { timeout: 60_000 },
    async (rotating) => {
      const { content, laptop } = await userWithTwoDevices();
      const sid = sidOf(laptop.refresh);
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => end(content.tokens.access, sid)),
        ...Array.from({ length: 5 }, () => refresh(laptop.refresh, { rotating })),
      ]);
      const ends = answers.slice(0, 5).map((r) => r.status);
      const refreshes = answers.slice(5);
      expect(ends.filter((s) => s === 204)).toHaveLength(1);
      expect(ends.filter((s) => s === 404)).toHaveLength(4);
      for (const r of refreshes) expect([200, 401]).toContain(r.status);
      // Whatever the refreshes won before the end, nothing of the session refreshes after it.
      expect((await refresh(laptop.refresh, { rotating })).status).toBe(401);
      for (const r of refreshes) if (r.body.refresh) expect((await refresh(r.body.refresh as string, { rotating })).status).toBe(401);
      expect((await sessionsOf(content.tokens.access)).map((s) => s.sid)).toEqual([sidOf(content.tokens.refresh)]);
    },
  );
});
