// Where signing keys come from: inline for local stacks, SSM Parameter Store on AWS.
import { importJWK } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSessionId } from '../../../../lib/auth/session-id';
import { loadConfig } from '../../../../lib/config';
import { createKeysContext } from '../../../../lib/context/keys';
import { ServiceUnavailable } from '../../../../lib/errors';
import { ACCESS, createTokens, generateSigningKey, inlineKeys, newPseudonymKey, publicJwk } from '../../../../lib/tokens';
import { createKeyRing } from '../../../../lib/tokens/keys';
import { answerSsm } from '../../../support/ssm';

/** The tokens a function of this configuration would use (inline keys, or SSM). */
const tokensOf = (env: Record<string, string>) => createKeysContext(loadConfig(env)).tokens;
const ring = (jwks: unknown) => createKeyRing(inlineKeys(JSON.stringify(jwks)));

// Every key import, counted (and still done).
vi.mock('jose', async (importOriginal) => {
  const jose = await importOriginal<typeof import('jose')>();
  return { ...jose, importJWK: vi.fn(jose.importJWK) };
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('signing keys from SSM Parameter Store', () => {
  it('reads the SecureString once, decrypted, and publishes its public keys', async () => {
    const key = await generateSigningKey();
    const calls = answerSsm({ body: { Parameter: { Value: JSON.stringify({ keys: [key] }) } } });
    const tokens = tokensOf({ JWT_SIGNING_KEYS_PARAMETER: '/auth-api/test/signing-keys-a' });
    const published = await tokens.publicJwks();
    await tokens.pseudonymSecret();
    expect(published.keys.map((k) => k.kid)).toEqual([key.kid]);
    expect(published.keys[0]).not.toHaveProperty('d');
    expect(calls.map((c) => c.input)).toEqual([{ Name: '/auth-api/test/signing-keys-a', WithDecryption: true }]);
  });

  it('fails closed when the parameter cannot be read, and tries again on the next request', async () => {
    const key = await generateSigningKey();
    const calls = answerSsm(
      { status: 400, body: { __type: 'AccessDeniedException', message: 'denied' } },
      { body: { Parameter: { Value: JSON.stringify({ keys: [key] }) } } },
    );
    const tokens = tokensOf({ JWT_SIGNING_KEYS_PARAMETER: '/auth-api/test/signing-keys-b' });
    await expect(tokens.publicJwks()).rejects.toBeInstanceOf(ServiceUnavailable);
    await expect(tokens.publicJwks()).resolves.toMatchObject({ keys: [{ kid: key.kid }] });
    expect(calls).toHaveLength(2);
  });
});

describe('the pseudonym secret kept with the keys', () => {
  it("is the key set's pseudonym_key, which the published JWKS never shows", async () => {
    const key = await generateSigningKey();
    const secret = newPseudonymKey();
    const keys = ring({ keys: [key], pseudonym_key: secret });
    expect((await keys.pseudonymSecret()).toString('base64url')).toBe(secret);
    expect(JSON.stringify(await keys.publicJwks())).not.toContain(secret);
  });

  it('is derived from the signing key for a key set from before pseudonym secrets', async () => {
    const key = await generateSigningKey();
    const derived = await ring({ keys: [key] }).pseudonymSecret();
    expect(derived).toHaveLength(32);
    expect(derived.toString('hex')).not.toContain(Buffer.from(String(key.d), 'base64url').toString('hex').slice(0, 16));
    expect((await ring({ keys: [await generateSigningKey()] }).pseudonymSecret()).equals(derived)).toBe(false);
  });

  it('refuses a pseudonym secret too short to be one', async () => {
    const keys = ring({ keys: [await generateSigningKey()], pseudonym_key: 'c2hvcnQ' });
    await expect(keys.pseudonymSecret()).rejects.toThrow(/pseudonym_key must be at least 32/);
  });
});

describe('keys imported on first use, each alone', () => {
  it('reads the pseudonym secret without importing any key', async () => {
    const secret = newPseudonymKey();
    const keys = ring({ keys: [await generateSigningKey()], pseudonym_key: secret });
    vi.mocked(importJWK).mockClear();
    expect((await keys.pseudonymSecret()).toString('base64url')).toBe(secret);
    expect(importJWK).not.toHaveBeenCalled();
  });

  it("signs with the signing key and verifies with the token's own, importing no other key, each once", async () => {
    const [signing, other] = [await generateSigningKey(), await generateSigningKey()];
    const jwks = JSON.stringify({ keys: [signing, publicJwk(other)] });
    const tokens = createTokens(loadConfig({ JWT_SIGNING_KEYS: jwks }).jwt, inlineKeys(jwks));
    vi.mocked(importJWK).mockClear();
    const { token } = await tokens.signNew(ACCESS, { userId: 7, sid: newSessionId() });
    await expect(tokens.verify(token, ACCESS)).resolves.toMatchObject({ sub: '7' });
    await tokens.signNew(ACCESS, { userId: 7, sid: newSessionId() });
    await tokens.verify(token, ACCESS);
    const imported = vi.mocked(importJWK).mock.calls.map(([jwk]) => ({ kid: jwk.kid, private: 'd' in jwk }));
    expect(imported).toEqual([
      { kid: signing.kid, private: true },
      { kid: signing.kid, private: false },
    ]);
    expect(await createKeyRing(inlineKeys(jwks)).verifyingKey('no-such-kid')).toBeUndefined();
  });
});
