// Contract: POST /api/auth/logout/ over HTTP against the local stack.
import { describe, expect, it } from 'vitest';
import { post, registered } from '../../support/http';
import { expiredRefreshToken } from '../../support/tokens';

const LOGOUT = '/api/auth/logout/';
const INVALID = { error: 'Invalid or expired refresh token.' };

describe('POST /api/auth/logout/', () => {
  it('revokes the refresh token: 200 with the seed detail, and the token no longer refreshes', async () => {
    const { content } = await registered();
    const response = await post(LOGOUT, { refresh_token: content.tokens.refresh });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ detail: 'Successfully logged out.' });
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(401);
  });

  it('revokes only the token given: another login of the same user keeps working', async () => {
    const { request, content } = await registered();
    const other = await post('/api/auth/login/', { username: request.username, password: request.password });
    expect((await post(LOGOUT, { refresh_token: content.tokens.refresh })).status).toBe(200);
    expect((await post('/api/auth/refresh/', { refresh: other.body.refresh })).status).toBe(200);
  });

  it('also answers without the trailing slash', async () => {
    const { content } = await registered();
    expect((await post('/api/auth/logout', { refresh_token: content.tokens.refresh })).status).toBe(200);
  });

  it.each([
    ['missing', {}],
    ['empty', { refresh_token: '' }],
    ['blank', { refresh_token: '   ' }],
    ['not a string', { refresh_token: {} }],
    ['null', { refresh_token: null }],
  ])('refuses a %s refresh_token with 400 "Refresh token required."', async (_, body) => {
    const response = await post(LOGOUT, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('Refresh token required.');
  });

  it('refuses an already revoked token with 400', async () => {
    const { content } = await registered();
    expect((await post(LOGOUT, { refresh_token: content.tokens.refresh })).status).toBe(200);
    const again = await post(LOGOUT, { refresh_token: content.tokens.refresh });
    expect(again).toMatchObject({ status: 400, body: INVALID });
  });

  it('refuses an invalid token with 400', async () => {
    const response = await post(LOGOUT, { refresh_token: 'abc.def.ghi' });
    expect(response).toMatchObject({ status: 400, body: INVALID });
  });

  it('refuses an expired token with 400', async () => {
    const { content } = await registered();
    const response = await post(LOGOUT, { refresh_token: await expiredRefreshToken(content.pk) });
    expect(response).toMatchObject({ status: 400, body: INVALID });
  });

  it('refuses an access token (wrong type) with 400', async () => {
    const { content } = await registered();
    const response = await post(LOGOUT, { refresh_token: content.tokens.access });
    expect(response).toMatchObject({ status: 400, body: INVALID });
  });
});
