// Contract: POST /api/auth/refresh/ over HTTP against the local stack.
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { ACCESS, REFRESH, type TokenClaims } from '../../../lib/tokens';
import { testContext } from '../../support/context';
import { post, registered } from '../../support/http';
import { expiredRefreshToken, unrecordedToken } from '../../support/tokens';

const REFRESH_PATH = '/api/auth/refresh/';
const INVALID = { error: 'Token is invalid or expired' };

describe('POST /api/auth/refresh/', () => {
  it('returns exactly {access} for a live refresh token', async () => {
    const { content } = await registered();
    const response = await post(REFRESH_PATH, { refresh: content.tokens.refresh });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['access']);
    expect(response.body.access).not.toBe(content.tokens.access);
  });

  it('also answers without the trailing slash', async () => {
    const { content } = await registered();
    expect((await post('/api/auth/refresh', { refresh: content.tokens.refresh })).status).toBe(200);
  });

  it.each([
    ['missing', {}],
    ['empty', { refresh: '' }],
    ['not a string', { refresh: true }],
  ])('refuses a %s refresh field with 400', async (_, body) => {
    const response = await post(REFRESH_PATH, body);
    expect(response.status).toBe(400);
    expect(response.body.fields).toHaveProperty('refresh');
  });

  it('refuses a malformed token with 401', async () => {
    const response = await post(REFRESH_PATH, { refresh: 'not.a.jwt' });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('refuses a token with a tampered payload with 401', async () => {
    const { content } = await registered();
    const [header, payload, signature] = content.tokens.refresh.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '1', user_id: 1 })).toString('base64url');
    const response = await post(REFRESH_PATH, { refresh: `${header}.${forged}.${signature}` });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('refuses an access token (wrong type) with 401', async () => {
    const { content } = await registered();
    const response = await post(REFRESH_PATH, { refresh: content.tokens.access });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('refuses an expired refresh token with 401', async () => {
    const { content } = await registered();
    const response = await post(REFRESH_PATH, { refresh: await expiredRefreshToken(content.pk) });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('refuses a revoked refresh token with 401', async () => {
    const { content } = await registered();
    expect((await post('/api/auth/logout/', { refresh_token: content.tokens.refresh })).status).toBe(200);
    const response = await post(REFRESH_PATH, { refresh: content.tokens.refresh });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('keeps a revoked token revoked when its signature is re-encoded (revocation is by jti)', async () => {
    const { content } = await registered();
    const token = content.tokens.refresh;
    // The last base64url character of an RSA-2048 signature carries 4 unused bits: flipping one
    // gives another string for the same signature bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const reencoded = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(reencoded).not.toBe(token);
    // The variant really is the same token to the verifier...
    expect((await post(REFRESH_PATH, { refresh: reencoded })).status).toBe(200);
    // ...so revoking the original revokes it too.
    expect((await post('/api/auth/logout/', { refresh_token: token })).status).toBe(200);
    expect(await post(REFRESH_PATH, { refresh: reencoded })).toMatchObject({ status: 401, body: INVALID });
    expect((await post('/api/auth/logout/', { refresh_token: reencoded })).status).toBe(400);
    // Padding added to the signature does not make a new token either.
    expect((await post(REFRESH_PATH, { refresh: `${token}==` })).status).toBe(401);
  });

  it('refuses a well-signed refresh token that was never issued (no record) with 401', async () => {
    const { content } = await registered();
    const response = await post(REFRESH_PATH, { refresh: await unrecordedToken(REFRESH, content.pk) });
    expect(response).toMatchObject({ status: 401, body: INVALID });
  });

  it('does not accept an access token even when a refresh record would match', async () => {
    const { content } = await registered();
    // The live refresh token's own claims (jti, sid, exp: its record matches them), signed as access.
    const claims = decodeJwt(content.tokens.refresh) as TokenClaims;
    const asAccess = await testContext().tokens.sign({ ...claims, token_type: ACCESS.type });
    const response = await post(REFRESH_PATH, { refresh: asAccess });
    expect(response).toMatchObject({ status: 401, body: INVALID });
    // The record was there to match: the refresh token it belongs to is still accepted.
    expect((await post(REFRESH_PATH, { refresh: content.tokens.refresh })).status).toBe(200);
  });
});
