import { describe, expect, it } from 'vitest';
import { add, describe as describeKeys, generate, promote, retire } from '../../../scripts/keys/plan';

const key = (kid: string) => ({ kty: 'RSA', kid, d: 'private' });

describe('key rotation plan (docs/keys.md)', () => {
  it('generates the first key, and refuses to overwrite existing ones', () => {
    expect(generate(undefined, key('a'))).toEqual({ keys: [key('a')] });
    expect(() => generate({ keys: [key('a')] }, key('b'))).toThrow(/already exist/);
  });

  it('adds a new key after the signing one, promotes it to signer, then retires the old one', () => {
    const added = add({ keys: [key('old')] }, key('new'));
    expect(added.keys.map((k) => k.kid)).toEqual(['old', 'new']);
    const promoted = promote(added);
    expect(promoted.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(retire(promoted, 'old').keys.map((k) => k.kid)).toEqual(['new']);
  });

  it('never retires the signing key, and says what to do instead', () => {
    expect(() => retire({ keys: [key('a'), key('b')] }, 'a')).toThrow(/promote another key first/);
    expect(() => retire({ keys: [key('a')] }, 'zzz')).toThrow(/no key zzz/);
    expect(() => promote({ keys: [key('a')] })).toThrow(/add a key first/);
  });

  it('describes keys by kid and role, never by private member', () => {
    const lines = describeKeys({ keys: [key('a'), key('b')] });
    expect(lines).toEqual(['a  signs and verifies', 'b  verifies only']);
    expect(lines.join()).not.toContain('private');
  });
});
