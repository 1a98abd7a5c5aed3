import { describe, expect, it } from 'vitest';
import {
  add,
  describe as describeKeys,
  generate,
  legacyImport,
  legacyRemove,
  promote,
  pseudonym,
  retire,
} from '../../../../scripts/keys/plan';

const key = (kid: string) => ({ kty: 'RSA', kid, d: 'private' });

describe('key rotation plan (docs/keys.md)', () => {
  it('generates the first key, and refuses to overwrite existing ones', () => {
    expect(generate(undefined, key('a'), 'secret')).toEqual({ keys: [key('a')], pseudonym_key: 'secret' });
    expect(() => generate({ keys: [key('a')] }, key('b'), 'secret')).toThrow(/already exist/);
  });

  it('adds a new key after the signing one, promotes it to signer, then retires the old one', () => {
    const added = add({ keys: [key('old')] }, key('new'));
    expect(added.keys.map((k) => k.kid)).toEqual(['old', 'new']);
    const promoted = promote(added);
    expect(promoted.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(retire(promoted, 'old').keys.map((k) => k.kid)).toEqual(['new']);
  });

  it('keeps the pseudonym secret through every rotation step', () => {
    const start = { keys: [key('old')], pseudonym_key: 'secret' };
    const end = retire(promote(add(start, key('new'))), 'old');
    expect(end).toEqual({ keys: [key('new')], pseudonym_key: 'secret' });
  });

  it('gives an older key set a pseudonym secret once, never replacing one', () => {
    expect(pseudonym({ keys: [key('a')] }, 'secret')).toEqual({ keys: [key('a')], pseudonym_key: 'secret' });
    expect(() => pseudonym({ keys: [key('a')], pseudonym_key: 'old' }, 'new')).toThrow(/already has/);
    expect(() => pseudonym(undefined, 'new')).toThrow(/generate first/);
  });

  it('never retires the signing key, and says what to do instead', () => {
    expect(() => retire({ keys: [key('a'), key('b')] }, 'a')).toThrow(/promote another key first/);
    expect(() => retire({ keys: [key('a')] }, 'zzz')).toThrow(/no key zzz/);
    expect(() => promote({ keys: [key('a')] })).toThrow(/add a key first/);
  });

  it('describes keys by kid and role, never by private member', () => {
    const lines = describeKeys({ keys: [key('a'), key('b')], pseudonym_key: 'a-secret-value' });
    expect(lines).toEqual(['a  signs and verifies', 'b  verifies only', 'pseudonym secret: set (not shown)']);
    expect(lines.join()).not.toContain('private');
    expect(lines.join()).not.toContain('a-secret-value');
  });
});

describe('legacy-import and legacy-remove', () => {
  const member = { key: 'django-secret', algorithms: ['HS256' as const], issued_before: '2027-01-01T00:00:00.000Z' };
  const current = { keys: [{ kid: 'k1' }], pseudonym_key: 'p' };

  it('adds the checked legacy key beside the keys, keeps everything else, and describes it without the key', () => {
    const planned = legacyImport(current, member);
    expect(planned).toEqual({ ...current, legacy_simplejwt: member });
    expect(describeKeys(planned).join('\n')).toContain(
      'legacy simplejwt key: set (not shown), HS256, tokens issued before 2027-01-01T00:00:00.000Z',
    );
    expect(describeKeys(planned).join('\n')).not.toContain('django-secret');
    expect(legacyRemove(planned)).toEqual(current);
  });

  it('refuses a key the functions could not use, a stage without keys, and removing what is not there', () => {
    expect(() => legacyImport(current, { ...member, algorithms: ['RS256' as never] })).toThrow(/algorithms/);
    expect(() => legacyImport(undefined, member)).toThrow(/generate first/);
    expect(() => legacyRemove(current)).toThrow(/no legacy/);
  });
});
