import { calculateJwkThumbprint, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../../../lib/config';
import { TokenExpired, TokenInvalid } from '../../../../lib/errors';
import { ACCESS, generateSigningKey, MAX_TOKEN_BYTES, REFRESH } from '../../../../lib/tokens';
import { signToken, verifyToken } from '../../../support/tokens-of';
import { publicJwk } from '../../../../lib/tokens';
import { newSessionId } from '../../../../lib/auth/session-id';

let config: Config;
const SID = newSessionId();

beforeAll(async () => {
  const key = await generateSigningKey();
  config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [key] }), JWT_ISSUER: 'https://issuer.test' });
});

afterEach(() => vi.useRealTimers());

/** Signs arbitrary claims with our own key, for tokens signToken would never produce. */
async function signWithOurKey(claims: Record<string, unknown>): Promise<string> {
  const key = JSON.parse(config.jwt.signingKeys!).keys[0];
  const privateKey = await importJWK(key, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer('https://issuer.test')
    .setAudience('auth-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('signToken', () => {
  it('signs RS256 with a kid and simplejwt-compatible claims', async () => {
    const { token, claims } = await signToken(REFRESH, { userId: 42, sid: SID }, config);
    const [header, payload] = token.split('.');
    expect(decode(header!)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(decode(payload!)).toEqual(claims);
    expect(claims).toMatchObject({ token_type: 'refresh', user_id: 42, sub: '42', sid: SID, iss: 'https://issuer.test', aud: 'auth-api' });
    expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(claims.exp - claims.iat).toBe(86_400);
  });

  it('gives access tokens their own lifetime and a fresh jti each time', async () => {
    const a = await signToken(ACCESS, { userId: 1, sid: SID }, config);
    const b = await signToken(ACCESS, { userId: 1, sid: SID }, config);
    expect(a.claims.exp - a.claims.iat).toBe(300);
    expect(a.claims.jti).not.toBe(b.claims.jti);
  });
});

describe('verifyToken', () => {
  it('returns the claims of a valid token of the expected kind', async () => {
    const { token, claims } = await signToken(ACCESS, { userId: 7, sid: SID }, config);
    expect(await verifyToken(token, ACCESS, config)).toEqual(claims);
  });

  it('refuses the other kind', async () => {
    const { token } = await signToken(ACCESS, { userId: 7, sid: SID }, config);
    await expect(verifyToken(token, REFRESH, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses an expired token (clock frozen past exp)', async () => {
    const { token, claims } = await signToken(ACCESS, { userId: 7, sid: SID }, config);
    vi.useFakeTimers({ now: (claims.exp + 1) * 1000, toFake: ['Date'] });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenExpired);
  });

  it('still accepts it one second before exp', async () => {
    const { token, claims } = await signToken(ACCESS, { userId: 7, sid: SID }, config);
    vi.useFakeTimers({ now: (claims.exp - 1) * 1000, toFake: ['Date'] });
    await expect(verifyToken(token, ACCESS, config)).resolves.toMatchObject({ sub: '7' });
  });

  it('refuses a token from another issuer', async () => {
    const { token } = await signToken(ACCESS, { userId: 7, sid: SID }, { ...config, jwt: { ...config.jwt, issuer: 'https://evil.test' } });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a token signed by a key not in the ring, even with our kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const ourKid = JSON.parse(config.jwt.signingKeys!).keys[0].kid as string;
    const claims = { token_type: 'access', user_id: 7, sub: '7', sid: SID, jti: 'x'.repeat(32) };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: ourKid })
      .setIssuer('https://issuer.test')
      .setAudience('auth-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses alg "none"', async () => {
    const { token } = await signToken(ACCESS, { userId: 7, sid: SID }, config);
    const [, payload] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expect(verifyToken(`${header}.${payload}.`, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('accepts a token with every required claim (control for the two cases below)', async () => {
    const token = await signWithOurKey({ token_type: 'access', user_id: 7, sub: '7', sid: SID, jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).resolves.toMatchObject({ sub: '7' });
  });

  it('refuses a token missing a required claim (jti)', async () => {
    const token = await signWithOurKey({ token_type: 'access', user_id: 7, sub: '7', sid: SID });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a token without a session id', async () => {
    const token = await signWithOurKey({ token_type: 'access', user_id: 7, sub: '7', jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a token for another audience', async () => {
    const { token } = await signToken(ACCESS, { userId: 7, sid: SID }, { ...config, jwt: { ...config.jwt, audience: 'other' } });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a token whose user_id disagrees with sub', async () => {
    const token = await signWithOurKey({ token_type: 'access', user_id: 8, sub: '7', sid: SID, jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses the string user_id of earlier tokens ("7"): simplejwt would read a str where the pk is an int', async () => {
    const token = await signWithOurKey({ token_type: 'access', user_id: '7', sub: '7', sid: SID, jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).rejects.toThrow('bad user_id');
  });

  it.each([
    ['a fraction', 7.5, '7'],
    ['zero', 0, '0'],
    ['a negative pk', -7, '7'],
    ['an unsafe integer', 2 ** 53, String(2 ** 53)],
    ['null', null, '7'],
    ['a boolean', true, '7'],
    ['a list', [7], '7'],
    ['an object', { pk: 7 }, '7'],
    ['nothing', undefined, '7'],
  ])('refuses a user_id that is %s', async (_, user_id, sub) => {
    const token = await signWithOurKey({ token_type: 'access', user_id, sub, sid: SID, jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('accepts the largest safe integer pk', async () => {
    const pk = Number.MAX_SAFE_INTEGER;
    const token = await signWithOurKey({ token_type: 'access', user_id: pk, sub: String(pk), sid: SID, jti: 'j'.repeat(32) });
    await expect(verifyToken(token, ACCESS, config)).resolves.toMatchObject({ user_id: pk, sub: String(pk) });
  });

  it('refuses oversized tokens before any crypto', async () => {
    await expect(verifyToken('a'.repeat(MAX_TOKEN_BYTES + 1), ACCESS, config)).rejects.toThrow('token too large');
  });

  it.each(['', 'abc', 'a.b.c', 'a.b.c.d.e'])('refuses garbage %j', async (garbage) => {
    await expect(verifyToken(garbage, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });
});

describe('generateSigningKey', () => {
  it('makes an RSA private JWK whose kid is its RFC 7638 thumbprint', async () => {
    const key = await generateSigningKey();
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', d: expect.any(String) });
    expect(key.kid).toBe(await calculateJwkThumbprint(key));
  });

  it('verifies with the public members only: publicJwk drops every private one', async () => {
    const key = await generateSigningKey();
    expect(Object.keys(publicJwk(key)).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });
});
