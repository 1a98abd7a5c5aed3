// A character's script, found by the likely scripts first and the ASCII shortcut, is the one a
// search of every script the runtime knows would find.
import { describe, expect, it } from 'vitest';
import { hasOneDigitSystem, isHighlyRestrictive, scriptsOf } from '../../../../lib/users/scripts';

const ALL_SCRIPTS = [
  ...new Set(
    (
      'Latin Cyrillic Greek Han Hiragana Katakana Hangul Arabic Hebrew Devanagari Thai Lisu Tifinagh Armenian Georgian ' +
      'Ethiopic Cherokee Bopomofo Tamil Bengali Runic Gothic Adlam Mongolian Tibetan Khmer Lao Sinhala Osage Canadian_Aboriginal'
    ).split(' '),
  ),
];
/** The script of one character by brute force: every \p{Script=…} tried, no shortcut. */
const scriptByBruteForce = (char: string) =>
  /^[\p{Script=Common}\p{Script=Inherited}]$/u.test(char)
    ? undefined
    : ALL_SCRIPTS.find((name) => new RegExp(`^\\p{Script=${name}}$`, 'u').test(char));

describe('scriptsOf', () => {
  it('finds Latin for every ASCII letter and no script for every other ASCII character', () => {
    for (let code = 0; code < 128; code += 1) {
      const char = String.fromCharCode(code);
      expect([...scriptsOf(char)], `U+${code.toString(16)}`).toEqual(/[A-Za-z]/.test(char) ? ['Latin'] : []);
    }
  });

  it('finds the script a search of every script finds, for letters of many scripts', () => {
    const letters = [...'éßаωж漢あアㅎعשअกꓮⵔաდሀᏣㄅதঅᚠ𐌰𞤀ᠮཀកກසᕆ𐒰'];
    for (const char of letters) {
      const expected = scriptByBruteForce(char);
      expect(expected, char).toBeDefined();
      expect([...scriptsOf(char)], char).toEqual([expected]);
    }
  });

  it('leaves out combining marks and shared punctuation, and names a script it cannot list', () => {
    expect([...scriptsOf('e\u0301-·')]).toEqual(['Latin']);
    // A private-use character has no script anyone could name (Unknown): it counts as its own.
    expect([...scriptsOf('\uE000')]).toEqual(['unlisted:e000']);
  });
});

describe('the Highly Restrictive level', () => {
  it('allows one script or the CJK mixes with Latin, refuses other mixes', () => {
    expect(isHighlyRestrictive('ada_lovelace')).toBe(true);
    expect(isHighlyRestrictive('山田taro')).toBe(true);
    expect(isHighlyRestrictive('аdmin')).toBe(false);
    expect(isHighlyRestrictive('ꓮdmin')).toBe(false);
    expect(isHighlyRestrictive('bⵔb')).toBe(false);
  });

  it('allows digits of one decimal system only', () => {
    expect(hasOneDigitSystem('user123')).toBe(true);
    expect(hasOneDigitSystem('1२3')).toBe(false);
  });
});
