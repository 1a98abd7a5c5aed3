// Our tokens as a stock simplejwt resource server reads them. The fixture was written by
// simplejwt's own code reading tokens our code issued (test/fixtures/simplejwt/README.md).
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { planSession } from '../../../../lib/auth/token-pair';
import { loadConfig, type Config } from '../../../../lib/config';
import { TokenInvalid } from '../../../../lib/errors';
import { ACCESS, generateSigningKey, REFRESH } from '../../../../lib/tokens';
import { tokensOf, verifyToken } from '../../../support/tokens-of';
import fixture from '../../../fixtures/simplejwt/simplejwt.json';

const { simple_jwt: settings } = fixture;
let config: Config;

beforeAll(async () => {
  // Our own key signs; the fixture's public key (its private half was never kept) still
  // verifies, as a key being rotated out does.
  const signing = await generateSigningKey();
  config = loadConfig({
    JWT_SIGNING_KEYS: JSON.stringify({ keys: [signing, ...fixture.jwks.keys] }),
    JWT_ISSUER: settings.ISSUER,
    JWT_AUDIENCE: settings.AUDIENCE,
  });
});
afterEach(() => vi.useRealTimers());

const payload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
/** The Python type name simplejwt's payload holds for a JSON value. */
const pythonType = (value: unknown) => (Number.isInteger(value) ? 'int' : typeof value === 'string' ? 'str' : typeof value);
const claimTypes = (claims: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, pythonType(value)]));

describe('claims as a stock simplejwt resource server reads them', () => {
  it('issues user_id as the integer pk and sub as its string, in access and refresh tokens alike', async () => {
    const pair = await planSession(tokensOf(config), fixture.pk).sign();
    for (const [kind, token] of [
      ['access', pair.access],
      ['refresh', pair.refresh],
    ] as const) {
      const claims = payload(token);
      expect({ kind, user_id: claims.user_id, sub: claims.sub }).toEqual({ kind, user_id: fixture.pk, sub: String(fixture.pk) });
      // Every claim simplejwt's own for_user writes, with the type it writes (user_id: int)…
      expect(claimTypes(claims)).toMatchObject(fixture.simplejwt_for_user[kind]);
      // …and exactly the claims, and types, simplejwt read from our tokens when the fixture was made.
      expect(claimTypes(claims)).toEqual(fixture.ours[kind].claim_types);
    }
  });

  it("was read by simplejwt as the int pk, equal to the user's pk, with and without a database", () => {
    const { access } = fixture.ours;
    expect(access.payload.user_id).toBe(fixture.pk);
    expect(access.JWTAuthentication).toEqual({ user_pk: fixture.pk, user_pk_type: 'int' });
    expect(access.JWTStatelessUserAuthentication).toEqual({
      token_user_id: fixture.pk,
      token_user_id_type: 'int',
      token_user_id_equals_user_pk: true,
    });
    // A refresh token is no bearer token there.
    expect(fixture.ours.refresh.as_bearer_token).toBe('Token has wrong type');
  });

  it('shows why the claim changed: simplejwt read the earlier string user_id as "42", unequal to the pk', () => {
    const earlier = fixture.earlier_string_user_id;
    expect(earlier.payload.user_id).toBe(String(fixture.pk));
    expect(earlier.JWTStatelessUserAuthentication).toEqual({
      token_user_id: String(fixture.pk),
      token_user_id_type: 'str',
      token_user_id_equals_user_pk: false,
    });
  });

  it('accepts the tokens simplejwt read, and refuses the earlier string user_id', async () => {
    const { access, refresh } = fixture.ours;
    vi.useFakeTimers({ now: access.payload.iat * 1000, toFake: ['Date'] });
    await expect(verifyToken(access.token, ACCESS, config)).resolves.toEqual(access.payload);
    await expect(verifyToken(refresh.token, REFRESH, config)).resolves.toEqual(refresh.payload);
    await expect(verifyToken(fixture.earlier_string_user_id.token, ACCESS, config)).rejects.toBeInstanceOf(TokenInvalid);
  });

  it('documents, in docs/migrate-from-django.md, the SIMPLE_JWT settings simplejwt read them with', () => {
    const doc = readFileSync(new URL('../../../../docs/migrate-from-django.md', import.meta.url), 'utf8');
    const block = /```python\n(SIMPLE_JWT = \{[\s\S]*?\n\})\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const fixed = ['ALGORITHM', 'USER_ID_FIELD', 'USER_ID_CLAIM', 'TOKEN_TYPE_CLAIM', 'JTI_CLAIM'] as const;
    for (const name of fixed) expect(block).toContain(`'${name}': '${settings[name]}',`);
    expect(block).toContain(`'AUTH_HEADER_TYPES': ('Bearer',),`);
    expect(block).toMatch(/'JWK_URL': 'https:\/\/[^']+\/\.well-known\/jwks\.json',/);
    expect(block).toMatch(/'ISSUER': '[^']+',/);
    expect(block).toContain(`'AUDIENCE': '${settings.AUDIENCE}',`);
    expect(Object.keys(settings).every((name) => block!.includes(`'${name}':`))).toBe(true);
  });
});
