// Forged tokens, one attack each: every one is refused, and verification never fetches anything.
import { createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newSessionId } from '../../../../lib/auth/session-id';
import { loadConfig, type Config } from '../../../../lib/config';
import { TokenExpired, TokenInvalid } from '../../../../lib/errors';
import { ACCESS, REFRESH, generateSigningKey } from '../../../../lib/tokens';
import { signToken, verifyToken } from '../../../support/tokens-of';
import { publicJwk } from '../../../../lib/tokens';

let config: Config;
let ourKey: JWK;
const ISSUER = 'https://issuer.test';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  token_type: 'access',
  user_id: 7,
  sub: '7',
  sid: newSessionId(),
  jti: 'j'.repeat(32),
  iss: ISSUER,
  aud: 'auth-api',
  iat: now(),
  exp: now() + 300,
  ...overrides,
});

beforeAll(async () => {
  ourKey = await generateSigningKey();
  config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [ourKey] }), JWT_ISSUER: ISSUER });
});
afterEach(() => vi.restoreAllMocks());

/** Signs with our real key, so only the forged part can be what gets it refused. */
async function signedByUs(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: ourKey.kid!, ...header }).sign(await importJWK(ourKey, 'RS256'));
}

/** Signs any header as-is with our key (jose refuses to sign some of the headers under test). */
function rawSignedByUs(header: Record<string, unknown>, payload: Record<string, unknown>) {
  const input = `${b64({ alg: 'RS256', kid: ourKey.kid, ...header })}.${b64(payload)}`;
  const key = createPrivateKey({ key: ourKey, format: 'jwk' });
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

const refused = (token: string, kind = ACCESS) => expect(verifyToken(token, kind, config)).rejects.toBeInstanceOf(TokenInvalid);

describe('forged tokens', () => {
  it('control: a token signed by us with every claim is accepted', async () => {
    await expect(verifyToken(await signedByUs(claims()), ACCESS, config)).resolves.toMatchObject({ sub: '7' });
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, unsigned', async (alg) => {
    await refused(`${b64({ alg, typ: 'JWT', kid: ourKey.kid })}.${b64(claims())}.`);
  });

  it('HS256 signed with our public key as the HMAC secret (algorithm confusion)', async () => {
    const pem = createPublicKey({ key: publicJwk(ourKey), format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: ourKey.kid })}.${b64(claims())}`;
    await refused(`${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`);
  });

  it("an embedded jwk header carrying the attacker's own key", async () => {
    const attacker = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(attacker.publicKey);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', jwk }).sign(attacker.privateKey);
    await refused(token);
  });

  it.each(['jku', 'x5u'])("a %s header pointing at the attacker's keys: refused, and nothing is fetched", async (header) => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    const attacker = await generateKeyPair('RS256');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker', [header]: 'https://attacker.example/keys.json' })
      .sign(attacker.privateKey);
    await refused(token);
    expect(fetched).not.toHaveBeenCalled();
  });

  it.each(['../../../../etc/passwd', "' OR '1'='1", '${jndi:ldap://x}', '', 'a'.repeat(2000)])('kid %j', async (kid) => {
    await refused(await signedByUs(claims(), { kid }));
  });

  it('a crit header naming an extension we do not implement', async () => {
    await expect(verifyToken(rawSignedByUs({}, claims()), ACCESS, config)).resolves.toBeDefined();
    await refused(rawSignedByUs({ crit: ['exp-extension'], 'exp-extension': true }, claims()));
  });

  it('no exp at all', async () => {
    const { exp, ...noExp } = claims();
    await refused(await signedByUs(noExp));
  });

  it('nbf in the future', async () => {
    await refused(await signedByUs(claims({ nbf: now() + 3600 })));
  });

  it('exp as a string', async () => {
    await refused(await signedByUs(claims({ exp: String(now() + 300) })));
  });

  it('an exp in the past is expired, whatever else is right', async () => {
    await expect(verifyToken(await signedByUs(claims({ exp: now() - 1 })), ACCESS, config)).rejects.toBeInstanceOf(TokenExpired);
  });

  it('JWS JSON serialization instead of the compact form', async () => {
    const [protectedHeader, payload, signature] = (await signedByUs(claims())).split('.');
    await refused(JSON.stringify({ protected: protectedHeader, payload, signature }));
  });

  it('a 5-part JWE', async () => {
    await refused(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: ourKey.kid })}.${b64('k')}.${b64('iv')}.${b64(claims())}.${b64('tag')}`);
  });

  it('a foreign issuer or audience', async () => {
    await refused(await signedByUs(claims({ iss: 'https://evil.example' })));
    await refused(await signedByUs(claims({ aud: 'someone-else' })));
  });

  it('an access token used as a refresh token, and the reverse', async () => {
    const subject = { userId: 7, sid: newSessionId() };
    await refused((await signToken(ACCESS, subject, config)).token, REFRESH);
    await refused((await signToken(REFRESH, subject, config)).token, ACCESS);
  });

  it('a token over 8 KB, refused before any signature check', async () => {
    const huge = await signedByUs(claims({ padding: 'x'.repeat(9000) }));
    await expect(verifyToken(huge, ACCESS, config)).rejects.toThrow('token too large');
  });
});
