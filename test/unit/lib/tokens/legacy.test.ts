// simplejwt refresh tokens of the cut-over window: tokens stock simplejwt issued (the fixture) and
// forgeries, each refused for its own reason; outside the window the old key is never read.
import { createPublicKey } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { legacySessionId, sessionCreatedMs } from '../../../../lib/auth/session-id';
import { loadConfig } from '../../../../lib/config';
import { ConfigError, TokenExpired, TokenInvalid } from '../../../../lib/errors';
import {
  createTokens,
  generateSigningKey,
  inlineKeys,
  LEGACY_MEMBER,
  parseLegacyKey,
  publicJwk,
  REFRESH,
  type Tokens,
} from '../../../../lib/tokens';
import { SESSION_ID_PATTERN } from '../../../../lib/tokens/kinds';
import fixture from '../../../fixtures/simplejwt-cutover/tokens.json';

const HOUR = 3_600_000;
const cutOverMs = Date.parse(fixture.cut_over);
const token = (name: keyof typeof fixture.tokens) => fixture.tokens[name].token;
const secret = new TextEncoder().encode(fixture.secret_key);
const member = (overrides: Record<string, unknown> = {}) => ({
  key: fixture.secret_key,
  algorithms: ['HS256'],
  issued_before: fixture.cut_over,
  ...overrides,
});
let ourKey: JWK;

beforeAll(async () => {
  ourKey = await generateSigningKey();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The tokens of a configuration whose key set holds `legacy` (undefined: none) and whose window ends at `untilMs` (null: unset). */
function tokensWith(legacy: unknown, untilMs: number | null = Date.now() + HOUR): Tokens {
  const jwks = JSON.stringify({ keys: [ourKey], ...(legacy === undefined ? {} : { [LEGACY_MEMBER]: legacy }) });
  const config = loadConfig({
    JWT_SIGNING_KEYS: jwks,
    ...(untilMs === null ? {} : { LEGACY_SIMPLEJWT_UNTIL: new Date(untilMs).toISOString() }),
  });
  return createTokens(config.jwt, inlineKeys(jwks));
}

/** A simplejwt-shaped refresh token, as PyJWT signs one, with claims and header to vary. */
async function minted(claims: Record<string, unknown> = {}, { alg = 'HS256', key = secret }: { alg?: string; key?: Uint8Array } = {}) {
  const iat = Math.floor(cutOverMs / 1000) - 3600;
  return new SignJWT({
    token_type: 'refresh',
    exp: Math.floor(Date.now() / 1000) + 86_400,
    iat,
    jti: 'a'.repeat(32),
    user_id: 7,
    ...claims,
  })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(key);
}

const refusedBy = (tokens: Tokens, presented: string) => expect(tokens.verifyRefresh(presented)).rejects.toBeInstanceOf(TokenInvalid);

describe('simplejwt refresh tokens inside the window', () => {
  it("accepts a refresh token stock simplejwt issued, with its pk, jti and times, as simplejwt's own", async () => {
    const verified = await tokensWith(member()).verifyRefresh(token('refresh'));
    expect(verified.origin).toBe('simplejwt');
    expect(verified.claims).toMatchObject({ userId: fixture.users.active, jti: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(fixture.tokens.refresh.simplejwt_accepts).toBe(true);
  });

  it('refuses simplejwt\'s access token (token_type "access")', async () => {
    await expect(tokensWith(member()).verifyRefresh(token('access'))).rejects.toMatchObject({
      message: expect.stringMatching(/not a refresh token/),
    });
  });

  it('refuses an expired one as expired', async () => {
    await expect(tokensWith(member()).verifyRefresh(token('expired'))).rejects.toBeInstanceOf(TokenExpired);
  });

  it('refuses one whose payload was changed (another user_id), and one signed with another key', async () => {
    const [header, payload, signature] = token('refresh').split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, user_id: 1 })).toString('base64url')}.${signature}`;
    await refusedBy(tokensWith(member()), tampered);
    await refusedBy(tokensWith(member()), await minted({}, { key: new TextEncoder().encode('another-django-secret-key') }));
  });

  it('refuses an algorithm the key is not configured for: HS512 when only HS256 is, and accepts it once configured', async () => {
    const hs512 = await minted({}, { alg: 'HS512' });
    await refusedBy(tokensWith(member()), hs512);
    await expect(tokensWith(member({ algorithms: ['HS256', 'HS512'] })).verifyRefresh(hs512)).resolves.toMatchObject({
      origin: 'simplejwt',
    });
  });

  it('refuses an HS256 token signed with our public key as the HMAC secret (algorithm confusion)', async () => {
    const pem = createPublicKey({ key: publicJwk(ourKey), format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const spki = new TextEncoder().encode(String(pem));
    const jwkText = new TextEncoder().encode(JSON.stringify(publicJwk(ourKey)));
    for (const key of [spki, jwkText]) await refusedBy(tokensWith(member()), await minted({}, { key }));
  });

  it('never checks an RS256 or unsigned token against the old key: they are ours to verify, and refused as ours', async () => {
    // A legacy key that cannot even be read: any use of it would throw ConfigError.
    const tokens = tokensWith({ key: '' });
    const rs256 = await new SignJWT({ token_type: 'refresh', user_id: 7, jti: 'b'.repeat(32) })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importJWK(ourKey, 'RS256'));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ token_type: 'refresh', user_id: 7 })).toString('base64url')}.`;
    for (const presented of [rs256, unsigned])
      await expect(tokens.verifyRefresh(presented)).rejects.toMatchObject({ message: 'unknown kid' });
  });

  it('refuses a token issued at or after the cut-over instant, and one issued in the future', async () => {
    const tokens = tokensWith(member());
    await expect(tokens.verifyRefresh(await minted({ iat: Math.floor(cutOverMs / 1000) }))).rejects.toMatchObject({
      message: 'simplejwt token issued after the cut-over',
    });
    vi.useFakeTimers({ now: cutOverMs - 10 * HOUR, toFake: ['Date'] });
    await expect(tokens.verifyRefresh(await minted())).rejects.toMatchObject({ message: 'simplejwt token issued in the future' });
  });

  it('takes the pk as simplejwt writes it, an integer or (before 5.x) its decimal string, and nothing else', async () => {
    const tokens = tokensWith(member());
    await expect(tokens.verifyRefresh(await minted({ user_id: '42' }))).resolves.toMatchObject({ claims: { userId: 42 } });
    for (const user_id of [0, -1, 1.5, '042', 'ada', null, [42], 2 ** 53])
      await expect(tokens.verifyRefresh(await minted({ user_id }))).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('refuses a token without a jti, or with one that could not be a simplejwt jti', async () => {
    const tokens = tokensWith(member());
    for (const jti of [undefined, '', 'x'.repeat(65), 'a b', 'REFRESH#x']) await refusedBy(tokens, await minted({ jti }));
  });

  it('checks ISSUER and AUDIENCE when the old backend set them', async () => {
    const tokens = tokensWith(member({ issuer: 'https://old.example', audience: 'mobile' }));
    await refusedBy(tokens, await minted());
    await expect(tokens.verifyRefresh(await minted({ iss: 'https://old.example', aud: 'mobile' }))).resolves.toMatchObject({
      origin: 'simplejwt',
    });
  });

  it('refuses every simplejwt token while the key set holds no legacy key', async () => {
    await refusedBy(tokensWith(undefined), token('refresh'));
  });
});

describe('the end of the window', () => {
  it('accepts up to the instant LEGACY_SIMPLEJWT_UNTIL names, and refuses from then on', async () => {
    const untilMs = Date.now() + HOUR;
    const tokens = tokensWith(member(), untilMs);
    vi.useFakeTimers({ now: untilMs - 1, toFake: ['Date'] });
    await expect(tokens.verifyRefresh(token('refresh'))).resolves.toMatchObject({ origin: 'simplejwt' });
    vi.setSystemTime(untilMs);
    await refusedBy(tokens, token('refresh'));
  });

  it('never reads the legacy key after the window, nor without one: a key that would not even parse is not noticed', async () => {
    const broken = { key: '', algorithms: ['RS256'] };
    for (const tokens of [tokensWith(broken, Date.now() - 1), tokensWith(broken, null)])
      await expect(tokens.verifyRefresh(token('refresh'))).rejects.toMatchObject({
        message: 'HMAC-signed token outside the simplejwt cut-over window',
      });
    // Inside the window the same key is read, and its problem reported as the service's.
    await expect(tokensWith(broken).verifyRefresh(token('refresh'))).rejects.toBeInstanceOf(ConfigError);
  });

  it('leaves our own refresh tokens alone whatever the window', async () => {
    const tokens = tokensWith(member(), Date.now() - 1);
    const ours = await tokens.signNew(REFRESH, { userId: 7, sid: legacySessionId('c'.repeat(32), 1_700_000_000) });
    await expect(tokens.verifyRefresh(ours.token)).resolves.toMatchObject({ origin: 'ours', claims: { user_id: 7 } });
  });
});

describe('the legacy key as stored', () => {
  it('needs the key, HMAC algorithms only, and the cut-over instant', () => {
    expect(parseLegacyKey(member())).toMatchObject({ algorithms: ['HS256'], issuedBeforeMs: cutOverMs });
    for (const bad of [
      'a string',
      member({ key: '' }),
      member({ algorithms: ['RS256'] }),
      member({ algorithms: ['none'] }),
      member({ algorithms: [] }),
      member({ issued_before: undefined }),
      member({ issued_before: 'soon' }),
      member({ issuer: '' }),
    ])
      expect(() => parseLegacyKey(bad)).toThrow(ConfigError);
  });

  it('is never published with the JWKS', async () => {
    const { keys } = await tokensWith(member()).publicJwks();
    expect(JSON.stringify(keys)).not.toContain(fixture.secret_key);
  });
});

describe('the session of a simplejwt token', () => {
  it("is a session id like ours, begun at the token's iat, the same for every presentation of one jti", () => {
    const sid = legacySessionId('d'.repeat(32), 1_796_000_000);
    expect(sid).toMatch(SESSION_ID_PATTERN);
    expect(sessionCreatedMs(sid)).toBe(1_796_000_000_000);
    expect(legacySessionId('d'.repeat(32), 1_796_000_000)).toBe(sid);
    expect(legacySessionId('e'.repeat(32), 1_796_000_000)).not.toBe(sid);
  });
});
