// Where signing keys come from: inline for local stacks, SSM Parameter Store on AWS.
import { importJWK } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { ServiceUnavailable } from '../../../lib/errors';
import { generateSigningKey, newPseudonymKey, pseudonymSecret, publicJwks } from '../../../lib/tokens';
import { keyRing, publicJwk, verifyingKey } from '../../../lib/tokens/keys';
import { ACCESS, signToken, verifyToken } from '../../../lib/tokens';
import { newSessionId } from '../../../lib/auth/session-id';
import { answerSsm } from '../../support/ssm';

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
    const config = loadConfig({ JWT_SIGNING_KEYS_PARAMETER: '/auth-api/test/signing-keys-a' });
    const ring = await keyRing(config);
    await keyRing(config);
    expect(ring.signing.kid).toBe(key.kid);
    expect((await publicJwks(config)).keys[0]).not.toHaveProperty('d');
    expect(calls.map((c) => c.input)).toEqual([{ Name: '/auth-api/test/signing-keys-a', WithDecryption: true }]);
  });

  it('fails closed when the parameter cannot be read, and tries again on the next request', async () => {
    const key = await generateSigningKey();
    const calls = answerSsm(
      { status: 400, body: { __type: 'AccessDeniedException', message: 'denied' } },
      { body: { Parameter: { Value: JSON.stringify({ keys: [key] }) } } },
    );
    const config = loadConfig({ JWT_SIGNING_KEYS_PARAMETER: '/auth-api/test/signing-keys-b' });
    await expect(keyRing(config)).rejects.toBeInstanceOf(ServiceUnavailable);
    await expect(keyRing(config)).resolves.toMatchObject({ signing: { kid: key.kid } });
    expect(calls).toHaveLength(2);
  });
});

describe('the pseudonym secret kept with the keys', () => {
  it("is the key set's pseudonym_key, which the published JWKS never shows", async () => {
    const key = await generateSigningKey();
    const secret = newPseudonymKey();
    const config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [key], pseudonym_key: secret }) });
    expect((await pseudonymSecret(config)).toString('base64url')).toBe(secret);
    expect(JSON.stringify(await publicJwks(config))).not.toContain(secret);
  });

  it('is derived from the signing key for a key set from before pseudonym secrets', async () => {
    const key = await generateSigningKey();
    const config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [key] }) });
    const derived = await pseudonymSecret(config);
    expect(derived).toHaveLength(32);
    expect(derived.toString('hex')).not.toContain(Buffer.from(String(key.d), 'base64url').toString('hex').slice(0, 16));
    const other = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }) });
    expect((await pseudonymSecret(other)).equals(derived)).toBe(false);
  });

  it('refuses a pseudonym secret too short to be one', async () => {
    const config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningKey()], pseudonym_key: 'c2hvcnQ' }) });
    await expect(keyRing(config)).rejects.toThrow(/pseudonym_key must be at least 32/);
  });
});

describe('keys imported on first use, each alone', () => {
  it('reads the pseudonym secret without importing any key', async () => {
    const secret = newPseudonymKey();
    const config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningKey()], pseudonym_key: secret }) });
    vi.mocked(importJWK).mockClear();
    expect((await pseudonymSecret(config)).toString('base64url')).toBe(secret);
    expect(importJWK).not.toHaveBeenCalled();
  });

  it("signs with the signing key and verifies with the token's own, importing no other key, each once", async () => {
    const [signing, other] = [await generateSigningKey(), await generateSigningKey()];
    const config = loadConfig({ JWT_SIGNING_KEYS: JSON.stringify({ keys: [signing, publicJwk(other)] }) });
    vi.mocked(importJWK).mockClear();
    const { token } = await signToken(ACCESS, { userId: 7, sid: newSessionId() }, config);
    await expect(verifyToken(token, ACCESS, config)).resolves.toMatchObject({ sub: '7' });
    await signToken(ACCESS, { userId: 7, sid: newSessionId() }, config);
    await verifyToken(token, ACCESS, config);
    const imported = vi.mocked(importJWK).mock.calls.map(([jwk]) => ({ kid: jwk.kid, private: 'd' in jwk }));
    expect(imported).toEqual([
      { kid: signing.kid, private: true },
      { kid: signing.kid, private: false },
    ]);
    expect(await verifyingKey(config, 'no-such-kid')).toBeUndefined();
  });
});
