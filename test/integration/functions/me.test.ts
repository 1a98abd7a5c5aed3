// GET /api/auth/me/ over HTTP: the bearer's profile; every bad token is a 401 JSON error.
import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { newSessionId } from '../../../lib/auth/session-id';
import { ACCESS } from '../../../lib/tokens';
import { usernameKey } from '../../../lib/users/username';
import { testContext } from '../../support/context';
import { get, post, registered } from '../../support/http';

const ctx = testContext();

const ME = '/api/auth/me/';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function expectRefused(token: string | undefined) {
  const response = await get(ME, token === undefined ? {} : bearer(token));
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(typeof response.body.error).toBe('string');
}

describe('GET /api/auth/me/', () => {
  it("returns the bearer's profile: the register content without tokens, and whether the address is verified", async () => {
    const { content } = await registered();
    const response = await get(ME, bearer(content.tokens.access));
    expect(response.status).toBe(200);
    const { tokens, ...profile } = content;
    expect(response.body).toEqual({ ...profile, email_verified: false });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('also answers without the trailing slash', async () => {
    const { content } = await registered();
    expect((await get('/api/auth/me', bearer(content.tokens.access))).status).toBe(200);
  });

  it('refuses a request without a token', async () => {
    await expectRefused(undefined);
  });

  it('refuses a malformed token', async () => {
    await expectRefused('not-a-jwt');
  });

  it('refuses a refresh token', async () => {
    const { content } = await registered();
    await expectRefused(content.tokens.refresh);
  });

  it('refuses an expired access token', async () => {
    const { content } = await registered();
    vi.useFakeTimers({ now: Date.now() - 3_600_000, toFake: ['Date'] });
    const { token } = await ctx.tokens.signNew(ACCESS, { userId: content.pk, sid: newSessionId() });
    vi.useRealTimers();
    await expectRefused(token);
  });

  it('refuses a token signed by a foreign key, even with our kid, issuer and audience', async () => {
    const { content } = await registered();
    const { privateKey } = await generateKeyPair('RS256');
    const kid = JSON.parse(ctx.config.jwt.signingKeys!).keys[0].kid as string;
    const forged = await new SignJWT({ token_type: 'access', user_id: content.pk, sid: newSessionId(), jti: 'f'.repeat(32) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(String(content.pk))
      .setIssuer(ctx.config.jwt.issuer)
      .setAudience(ctx.config.jwt.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectRefused(forged);
  });

  it('refuses the access token of a user made inactive', async () => {
    const { request, content } = await registered();
    await ctx.store.users.setUserActive(content.pk, usernameKey(request.username), false);
    await expectRefused(content.tokens.access);
  });

  it('an inactive user can no longer refresh either', async () => {
    const { request, content } = await registered();
    await ctx.store.users.setUserActive(content.pk, usernameKey(request.username), false);
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(401);
  });

  it('keeps accepting an access token after logout until it expires (documented)', async () => {
    const { content } = await registered();
    expect((await post('/api/auth/logout/', { refresh_token: content.tokens.refresh })).status).toBe(200);
    expect((await get(ME, bearer(content.tokens.access))).status).toBe(200);
  });
});
