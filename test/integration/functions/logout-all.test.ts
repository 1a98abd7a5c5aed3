// POST /api/auth/logout/ with "all": true over HTTP: every session of the user ends.
import { describe, expect, it } from 'vitest';
import { post, registered } from '../../support/http';

const LOGOUT = '/api/auth/logout/';
const refresh = (token: string) => post('/api/auth/refresh/', { refresh: token });

describe('POST /api/auth/logout/ with all', () => {
  it('ends every session of the user, and a new login afterwards works', async () => {
    const { request, content } = await registered();
    const credentials = { username: request.username, password: request.password };
    const phone = await post('/api/auth/login/', credentials);
    const laptop = await post('/api/auth/login/', credentials);

    const response = await post(LOGOUT, { refresh_token: phone.body.refresh, all: true });
    expect(response).toMatchObject({ status: 200, body: { detail: 'Successfully logged out.' } });
    for (const token of [content.tokens.refresh, phone.body.refresh, laptop.body.refresh]) {
      expect((await refresh(token)).status).toBe(401);
    }
    // Each old token is now "already revoked" for logout too.
    expect((await post(LOGOUT, { refresh_token: laptop.body.refresh })).status).toBe(400);

    const fresh = await post('/api/auth/login/', credentials);
    expect((await refresh(fresh.body.refresh)).status).toBe(200);
  });

  it('touches no other user', async () => {
    const a = await registered();
    const b = await registered();
    expect((await post(LOGOUT, { refresh_token: a.content.tokens.refresh, all: true })).status).toBe(200);
    expect((await refresh(b.content.tokens.refresh)).status).toBe(200);
  });

  it('with all: false behaves as the seed: only that session ends', async () => {
    const { request, content } = await registered();
    const other = await post('/api/auth/login/', { username: request.username, password: request.password });
    expect((await post(LOGOUT, { refresh_token: content.tokens.refresh, all: false })).status).toBe(200);
    expect((await refresh(other.body.refresh)).status).toBe(200);
  });

  it('refuses a non-boolean all with 400', async () => {
    const { content } = await registered();
    const response = await post(LOGOUT, { refresh_token: content.tokens.refresh, all: 'yes' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'all: Must be a valid boolean.', fields: { all: ['Must be a valid boolean.'] } });
  });

  it('refuses an already revoked token with 400, as the seed does', async () => {
    const { content } = await registered();
    expect((await post(LOGOUT, { refresh_token: content.tokens.refresh })).status).toBe(200);
    const again = await post(LOGOUT, { refresh_token: content.tokens.refresh, all: true });
    expect(again).toMatchObject({ status: 400, body: { error: 'Invalid or expired refresh token.' } });
  });
});
