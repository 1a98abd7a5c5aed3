import { describe, expect, it } from 'vitest';
import { INVALID_USERNAME, normaliseUsername, usernameKey } from '../../../lib/users/username';

describe('normaliseUsername', () => {
  it.each(['alice', 'Alice.B+c-d_e@f', 'Zoë', '名前', 'a'.repeat(150)])('accepts %s', (name) => {
    expect(normaliseUsername(name)).toEqual({ ok: true, value: name.normalize('NFKC') });
  });

  it.each(['with space', 'semi;colon', 'slash/', 'tab\t', 'emoji😀', 'zero\u200bwidth'])('refuses %j', (name) => {
    expect(normaliseUsername(name)).toEqual({ ok: false, errors: [INVALID_USERNAME] });
  });

  it.each([
    ['zero-width joiner', 'ad\u200dmin'],
    ['right-to-left override', 'admin\u202e'],
    ['soft hyphen', 'ad\u00admin'],
    ['variation selector', 'admin\ufe0f'],
    ['byte order mark', '\ufeffadmin'],
    ['tag character', 'admin\u{e0041}'],
    ['NUL', 'ad\u0000min'],
    ['lone surrogate', 'ad\ud800min'],
  ])('refuses a %s (default-ignorable, bidi or control)', (_, name) => {
    expect(normaliseUsername(name)).toEqual({ ok: false, errors: [INVALID_USERNAME] });
  });

  it('returns the NFKC form (fullwidth and superscript fold to ASCII)', () => {
    expect(normaliseUsername('ａｌｉｃｅ²')).toEqual({ ok: true, value: 'alice2' });
  });

  it('counts length after NFKC', () => {
    expect(normaliseUsername('a'.repeat(151))).toMatchObject({ ok: false });
  });
});

describe('usernameKey', () => {
  it('folds case, including characters whose upper case is two letters', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('alice'));
    expect(usernameKey('STRASSE')).toBe(usernameKey('straße'));
  });

  it('folds compatibility forms', () => {
    expect(usernameKey('ＡＬＩＣＥ')).toBe(usernameKey('alice'));
  });

  it('keeps different names apart', () => {
    expect(usernameKey('alice')).not.toBe(usernameKey('alice1'));
  });
});
