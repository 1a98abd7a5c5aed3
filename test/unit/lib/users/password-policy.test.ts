import commonPasswordList from '../../../../lib/users/common-passwords.json';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../../lib/users/password-policy';
import { PYTHON_ISDIGIT_COUNT, PYTHON_ISDIGIT_RANGES, PYTHON_ISDIGIT_UNICODE_VERSION } from '../../../../lib/users/python-isdigit';

const user = { username: 'gracehopper', email: 'grace.hopper@navy.example', first_name: 'Grace', last_name: 'Hopper' };

describe('passwordProblems', () => {
  it('accepts a strong password', () => {
    expect(passwordProblems('tangerine-Kettle-47', user)).toEqual([]);
  });

  it("checks against Django's common-password list (19,727 entries, lowercase, no blanks)", () => {
    const entries = commonPasswordList.passwords.split('\n');
    expect(entries).toHaveLength(19_727);
    expect(entries.every((entry) => entry !== '' && entry === entry.toLowerCase())).toBe(true);
    expect(passwordProblems('iloveyou', user)).toEqual(['This password is too common.']);
    // Compared case-insensitively and trimmed, like Django.
    expect(passwordProblems(' SUNSHINE ', user)).toEqual(['This password is too common.']);
  });

  it('matches every entry whole, never part of one, a longer string, or two entries joined by a newline', () => {
    const entries = commonPasswordList.passwords.split('\n');
    expect(entries.filter((entry) => !passwordProblems(entry, user).includes('This password is too common.'))).toEqual([]);
    expect(passwordProblems('!ab#cd$x', user)).toEqual([]);
    expect(passwordProblems(entries.at(-1)!, user)).toEqual(['This password is too common.']);
    expect(passwordProblems('zzzzzzzz', user)).toEqual(['This password is too common.']);
    // Between two entries (8 and 10 z's) and past the last one: not entries themselves.
    expect(passwordProblems('zzzzzzzzz', user)).toEqual([]);
    expect(passwordProblems('zzzzzzzzzzz', user)).toEqual([]);
    expect(passwordProblems('iloveyo', user)).not.toContain('This password is too common.');
    expect(passwordProblems('sunshine\niloveyou', user)).toEqual([]);
  });

  it('refuses short and entirely numeric passwords', () => {
    expect(passwordProblems('8274', user)).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is entirely numeric.',
    ]);
    expect(passwordProblems('58203947615', user)).toEqual(['This password is entirely numeric.']);
  });

  // Each of these is True for Python's str.isdigit() (checked with Python 3.11): Django refuses them.
  it.each([
    ['fullwidth', '１２３４５６７８９'],
    ['Arabic-Indic', '٣٨٢٩١٠٥٧٤٦'],
    ['Extended Arabic-Indic (Persian)', '۳۸۲۹۱۰۵۷۴۶'],
    ['Bengali', '১২৩৪৫৬৭৮'],
    ['superscript', '⁵⁸²⁰³⁹⁴⁷'],
    ['circled', '⑤⑧②⓪③⑨④⑦'],
    ['mathematical bold', '𝟓𝟖𝟐𝟎𝟑𝟗𝟒𝟕'],
    ['digit-comma', '🄂🄃🄄🄅🄆🄇🄈🄉'],
    ['mixed ASCII, fullwidth, superscript and Arabic-Indic', '12３４⁵⁶٧٨'],
  ])("refuses a password of %s digits as entirely numeric, as Django's isdigit() does", (_, password) => {
    expect(passwordProblems(password, user)).toEqual(['This password is entirely numeric.']);
  });

  // False for Python's str.isdigit(): numeric characters whose Numeric_Type is Numeric, not Digit.
  it.each([
    ['vulgar fractions', '½½½½½½½½'],
    ['Roman numerals', 'ⅫⅫⅫⅫⅫⅫⅫⅫ'],
    ['CJK numerals', '一二三四五六七八'],
    ['digits and a letter', '١٢٣٤٥٦٧٨a'],
    ['digits and a fraction', '12345678½'],
  ])('does not call %s entirely numeric', (_, password) => {
    expect(passwordProblems(password, user)).not.toContain('This password is entirely numeric.');
  });

  it("holds Python's isdigit set as sorted, disjoint, maximal ranges of numeric characters", () => {
    expect(PYTHON_ISDIGIT_UNICODE_VERSION).toBe('14.0.0');
    let count = 0;
    let previousLast = -2;
    for (const [first, last] of PYTHON_ISDIGIT_RANGES) {
      // A gap of at least one code point between ranges, or they would be one range.
      expect(first).toBeGreaterThan(previousLast + 1);
      expect(last).toBeGreaterThanOrEqual(first);
      for (let cp = first; cp <= last; cp += 1) expect(String.fromCodePoint(cp)).toMatch(/^[\p{Nd}\p{No}]$/u);
      count += last - first + 1;
      previousLast = last;
    }
    expect(count).toBe(PYTHON_ISDIGIT_COUNT);
    // Every decimal digit of the scripts above, and ASCII, is in it.
    for (const zero of [0x30, 0x660, 0x6f0, 0x9e6, 0xff10, 0x1d7ce]) {
      for (let cp = zero; cp < zero + 10; cp += 1) expect(PYTHON_ISDIGIT_RANGES.some(([a, b]) => a <= cp && cp <= b)).toBe(true);
    }
  });

  it.each([
    ['gracehopper!', user, 'username'],
    ['Hopper1944', user, 'last name'],
    ['bluewhale@ocean', { ...user, username: 'zz9', email: 'bluewhale@ocean.example' }, 'email address'],
  ])('refuses %s as too similar to the %s', (password, attributes, label) => {
    expect(passwordProblems(password, attributes)).toEqual([`The password is too similar to the ${label}.`]);
  });

  it('does not call a much longer password similar to a short attribute', () => {
    expect(passwordProblems('grace-and-a-very-long-unrelated-passphrase', { ...user, first_name: 'Al' })).toEqual([]);
  });

  it('refuses lone surrogates, which could not be hashed faithfully', () => {
    expect(passwordProblems('abc\ud800defghij', user)).toEqual(['This password contains characters that cannot be encoded.']);
  });
});
