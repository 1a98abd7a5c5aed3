// Where signing keys come from: inline for local stacks, SSM Parameter Store on AWS.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { ServiceUnavailable } from '../../../lib/errors';
import { generateSigningKey, newPseudonymKey, pseudonymSecret, publicJwks } from '../../../lib/tokens';
import { keyRing } from '../../../lib/tokens/keys';
import { answerSsm } from '../../support/ssm';

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
  it('is the key set\'s pseudonym_key, which the published JWKS never shows', async () => {
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
