import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../../../lib/passwords';

describe('passwords', () => {
  it("stores Django's bcrypt_sha256 format: bcrypt over the hex SHA-256 of the password", async () => {
    const encoded = await hashPassword('correct horse', 4);
    expect(encoded).toMatch(/^bcrypt_sha256\$\$2b\$04\$.{53}$/);
    const prehash = createHash('sha256').update('correct horse').digest('hex');
    expect(await bcrypt.compare(prehash, encoded.slice('bcrypt_sha256$'.length))).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('correct horse', 4);
    expect(await verifyPassword('correct horse', encoded)).toBe(true);
    expect(await verifyPassword('correct horsE', encoded)).toBe(false);
  });

  it('distinguishes passwords that differ only after byte 72', async () => {
    const prefix = 'a'.repeat(72);
    const encoded = await hashPassword(`${prefix}1`, 4);
    expect(await verifyPassword(`${prefix}2`, encoded)).toBe(false);
    expect(await verifyPassword(`${prefix}1`, encoded)).toBe(true);
  });

  it('refuses hashes of any other scheme (and unusable Django passwords)', async () => {
    const raw = await bcrypt.hash('pw', 4);
    expect(await verifyPassword('pw', raw)).toBe(false);
    expect(await verifyPassword('pw', '!unusable')).toBe(false);
  });

  it('the dummy check always fails, whatever the password', async () => {
    expect(await verifyAgainstDummy('an unguessable dummy password that no user has', 4)).toBe(false);
    expect(await verifyAgainstDummy('', 4)).toBe(false);
  });

  it('the dummy check spends one bcrypt compare at the configured cost, like a real check', async () => {
    const compare = vi.spyOn(bcrypt, 'compare');
    try {
      await verifyAgainstDummy('whatever', 5);
      expect(compare).toHaveBeenCalledTimes(1);
      expect(bcrypt.getRounds(compare.mock.calls[0]![1])).toBe(5);
    } finally {
      compare.mockRestore();
    }
  });
});
