import { describe, expect, it } from 'vitest';
import { hashVerifyCode, newVerifySecrets, parseVerifyKey, verifyKey } from '../../../../lib/auth/verify-secrets';

describe('verification keys', () => {
  it('carry the user and the token, and parse back', () => {
    const { token } = newVerifySecrets();
    expect(parseVerifyKey(verifyKey(42, token))).toEqual({ userId: 42, token });
  });

  it('refuse anything that is not one: no token, a short token, a uid that is not a pk, extra parts', () => {
    const { token } = newVerifySecrets();
    for (const key of [
      '',
      'NDI',
      `NDI.${token.slice(1)}`,
      `MA.${token}`,
      `LTE.${token}`,
      `NDI.${token}.x`,
      `NDI.${token}=`,
      `ND I.${token}`,
    ]) {
      expect({ key, parsed: parseVerifyKey(key) }).toEqual({ key, parsed: undefined });
    }
  });
});

describe('verification codes', () => {
  it('hash differently for another user, another address, another secret', () => {
    const secret = Buffer.alloc(32, 1);
    const base = hashVerifyCode(secret, 1, 'a@example.com', '12345678');
    expect(hashVerifyCode(secret, 1, 'a@example.com', '12345678')).toBe(base);
    expect(hashVerifyCode(secret, 2, 'a@example.com', '12345678')).not.toBe(base);
    expect(hashVerifyCode(secret, 1, 'b@example.com', '12345678')).not.toBe(base);
    expect(hashVerifyCode(Buffer.alloc(32, 2), 1, 'a@example.com', '12345678')).not.toBe(base);
  });
});
