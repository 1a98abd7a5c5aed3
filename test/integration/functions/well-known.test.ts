// GET /.well-known/jwks.json and /.well-known/openid-configuration over HTTP, an independent
// verifier that trusts nothing but the published JWKS, and key rotation.
import { createPublicKey, verify } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { newSessionId } from '../../../lib/auth/session-id';
import { get, post, registered } from '../../support/http';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, any>;

/** RS256 verification with node:crypto alone, the key chosen by kid from a fetched JWKS. */
function independentlyVerify(token: string, jwks: { keys: Record<string, string>[] }) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const { alg, kid } = decode(header);
  if (alg !== 'RS256') return false;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

describe('GET /.well-known/openid-configuration', () => {
  it("names our issuer (the tokens' iss), the JWKS and RS256", async () => {
    const { content } = await registered();
    const response = await get('/.well-known/openid-configuration');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { iss, aud } = decode(content.tokens.access.split('.')[1]!);
    expect(response.body).toMatchObject({
      issuer: iss,
      jwks_uri: `${iss}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(aud).toBe('auth-api');
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes public RSA keys with kid, alg and use, and nothing private', async () => {
    const response = await get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=900');
    expect(response.body.keys.length).toBeGreaterThan(0);
    for (const key of response.body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member);
    }
  });

  it('lets an independent verifier, following jwks_uri from discovery, check every issued token', async () => {
    const { content } = await registered();
    const discovery = await get('/.well-known/openid-configuration');
    const jwks = (await (await fetch(discovery.body.jwks_uri)).json()) as { keys: Record<string, string>[] };
    expect(independentlyVerify(content.tokens.access, jwks)).toBe(true);
    expect(independentlyVerify(content.tokens.refresh, jwks)).toBe(true);
    // And it is a real check: a tampered payload fails it.
    const [h, , s] = content.tokens.access.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: '1' })).toString('base64url')}.${s}`;
    expect(independentlyVerify(tampered, jwks)).toBe(false);
  });
});

describe('key rotation', () => {
  const previous = () => inject('previousKey');

  it('publishes the signing key and the previous key; new tokens are signed by the first', async () => {
    const jwks = (await get('/.well-known/jwks.json')).body as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(previous().kid);
    expect(jwks.keys[0]!.kid).not.toBe(previous().kid);
    const { content } = await registered();
    expect(decode(content.tokens.access.split('.')[0]!).kid).toBe(jwks.keys[0]!.kid);
  });

  it('still accepts a token signed by the previous key until it expires', async () => {
    const { content } = await registered();
    const claims = decode(content.tokens.access.split('.')[1]!);
    const oldKeyToken = await new SignJWT({ ...claims, jti: 'a'.repeat(32), sid: newSessionId() })
      .setProtectedHeader({ alg: 'RS256', kid: previous().kid! })
      .sign(await importJWK(previous(), 'RS256'));
    const response = await get('/api/auth/me/', { headers: { authorization: `Bearer ${oldKeyToken}` } });
    expect(response.status).toBe(200);
  });

  it('refuses a token from a key that is no longer published', async () => {
    const { content } = await registered();
    const claims = decode(content.tokens.refresh.split('.')[1]!);
    const retired = { ...previous(), kid: 'retired-key' };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'retired-key' })
      .sign(await importJWK(retired, 'RS256'));
    expect((await post('/api/auth/refresh/', { refresh: token })).status).toBe(401);
  });
});
