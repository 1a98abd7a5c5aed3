// Counter keys and log fields are HMACs under the stage's secret: stable, distinct per purpose,
// and not a dictionary-reversible hash of the username or address.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pseudonyms } from '../../../../lib/auth/pseudonyms';

describe('pseudonyms', () => {
  const secret = randomBytes(32);
  const of = pseudonyms(secret);

  it('are stable for one secret and change with the secret', () => {
    expect(of.account('ada')).toBe(pseudonyms(secret).account('ada'));
    expect(of.account('ada')).not.toBe(pseudonyms(randomBytes(32)).account('ada'));
  });

  it('differ between purposes and cannot be confused across the pair separator', () => {
    expect(new Set([of.account('ada'), of.address('ada'), of.pair('ada', '')]).size).toBe(3);
    expect(of.pair('ada', 'b')).not.toBe(of.pair('adab', ''));
  });

  it('are not the plain SHA-256 a dictionary attack would try', () => {
    const plain = createHash('sha256').update('ada').digest();
    expect([plain.toString('hex'), plain.toString('base64url')]).not.toContain(of.account('ada'));
  });

  it('have a fixed length whatever the input', () => {
    expect(of.account('x'.repeat(4000))).toHaveLength(43);
  });
});
