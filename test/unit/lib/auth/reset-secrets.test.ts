import { describe, expect, it } from 'vitest';
import { decodeUid, encodeUid, hashResetCode, hashResetToken, newResetSecrets, sameHash } from '../../../../lib/auth/reset-secrets';

describe('reset secrets', () => {
  it('makes a 256-bit base64url token and an 8-digit code, different every time', () => {
    const made = Array.from({ length: 200 }, () => newResetSecrets());
    for (const { token, code } of made) {
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(code).toMatch(/^[0-9]{8}$/);
    }
    expect(new Set(made.map((s) => s.token)).size).toBe(200);
    // Leading zeros are kept: every one of the 10^8 codes can occur.
    expect(made.some((s) => s.code.startsWith('0')) || made.every((s) => s.code.length === 8)).toBe(true);
  });

  it('hashes a code under the secret and the user, so one code hashes differently for another user or key', () => {
    const secret = Buffer.alloc(32, 1);
    const hash = hashResetCode(secret, 7, '12345678');
    expect(hash).toBe(hashResetCode(secret, 7, '12345678'));
    expect(hash).not.toBe(hashResetCode(secret, 8, '12345678'));
    expect(hash).not.toBe(hashResetCode(Buffer.alloc(32, 2), 7, '12345678'));
    expect(hash).not.toContain('12345678');
  });

  it('hashes a token without keeping it', () => {
    const { token } = newResetSecrets();
    expect(hashResetToken(token)).not.toBe(token);
    expect(hashResetToken(token)).toMatch(/^[\w-]{43}$/);
  });

  it('compares hashes of any length without throwing', () => {
    expect(sameHash('abc', 'abc')).toBe(true);
    expect(sameHash('abc', 'abd')).toBe(false);
    expect(sameHash('abc', 'abcd')).toBe(false);
  });

  it("encodes uids as Django's urlsafe_base64_encode of the pk, and decodes only such", () => {
    expect(encodeUid(1)).toBe('MQ');
    expect(encodeUid(42)).toBe('NDI');
    expect(decodeUid('NDI')).toBe(42);
    for (const bad of ['', 'MA', 'LTE', 'eA', '!!', 'MQ==', 'A'.repeat(40)]) expect(decodeUid(bad)).toBeUndefined();
  });
});
