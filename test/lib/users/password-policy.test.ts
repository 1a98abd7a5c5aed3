import commonPasswordList from '../../../lib/users/common-passwords.json';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../lib/users/password-policy';

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
