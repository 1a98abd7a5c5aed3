// ROTATE_REFRESH_TOKENS=true over HTTP (the second local API): rotation, grace-window
// concurrency, and sessions ending whole. Reuse after the grace window is in test/lib/auth.
import { describe, expect, it } from 'vitest';
import { post, registered } from '../../support/http';

const REFRESH = '/api/auth/refresh/';
const rotating = { rotating: true };
const refreshWith = (refresh: string) => post(REFRESH, { refresh }, rotating);

describe('POST /api/auth/refresh/ with rotation on', () => {
  it('returns {access, refresh}: a new refresh token that itself refreshes', async () => {
    const { content } = await registered();
    const first = await refreshWith(content.tokens.refresh);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['access', 'refresh']);
    expect(first.body.refresh).not.toBe(content.tokens.refresh);
    const second = await refreshWith(first.body.refresh);
    expect(second.status).toBe(200);
  });

  it('answers concurrent refreshes of one token within the grace window with one and the same successor: the family never forks', async () => {
    const { content } = await registered();
    const responses = await Promise.all(Array.from({ length: 5 }, () => refreshWith(content.tokens.refresh)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const successors = new Set(responses.map((r) => r.body.refresh as string));
    expect(successors.size).toBe(1);
    // A retry a moment later (a double click) gets it too, and it refreshes.
    expect((await refreshWith(content.tokens.refresh)).body.refresh).toBe([...successors][0]);
    expect((await refreshWith([...successors][0]!)).status).toBe(200);
  });

  it('logout with the newest token ends the session: its superseded predecessor cannot refresh either', async () => {
    const { content } = await registered();
    const rotated = await refreshWith(content.tokens.refresh);
    expect((await post('/api/auth/logout/', { refresh_token: rotated.body.refresh }, rotating)).status).toBe(200);
    expect((await refreshWith(content.tokens.refresh)).status).toBe(401);
    expect((await refreshWith(rotated.body.refresh)).status).toBe(401);
  });

  it('leaves the seed behaviour alone on the default API: {access} only, token unchanged', async () => {
    const { content } = await registered();
    const response = await post(REFRESH, { refresh: content.tokens.refresh });
    expect(Object.keys(response.body)).toEqual(['access']);
    expect((await post(REFRESH, { refresh: content.tokens.refresh })).status).toBe(200);
  });
});
