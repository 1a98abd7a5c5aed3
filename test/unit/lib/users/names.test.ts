import { describe, expect, it } from 'vitest';
import { INVISIBLE_IN_NAME, visibleName } from '../../../../lib/users/names';

describe('visibleName', () => {
  it.each(['', 'Ada', 'Zoë', 'José María', "O'Brien-Smith", 'Ана', 'Ἀθηνᾶ', 'محمد', '李', 'Ada ❤\ufe0f', '葛\u{e0100}'])(
    'accepts %j',
    (name) => {
      expect(visibleName(name)).toEqual({ ok: true, value: name });
    },
  );

  it.each([
    ['a right-to-left override U+202E', 'Ada\u202eecalevoL'],
    ['a left-to-right embedding U+202A', '\u202aAda'],
    ['a right-to-left isolate U+2067', 'Ada\u2067x\u2069'],
    ['a right-to-left mark U+200F', 'Ada\u200f'],
    ['an Arabic letter mark U+061C', '\u061cAda'],
    ['a zero-width space U+200B', 'Ad\u200ba'],
    ['a zero-width joiner U+200D', 'Ad\u200da'],
    ['a zero-width non-joiner U+200C', 'Ad\u200ca'],
    ['a word joiner U+2060', 'Ad\u2060a'],
    ['a soft hyphen U+00AD', 'Ad\u00ada'],
    ['a tag character U+E0041', 'Ada\u{e0041}'],
    ['only a Hangul filler U+3164', '\u3164'],
    ['a combining grapheme joiner U+034F', 'Ad\u034fa'],
  ])('refuses a name holding %s', (_, name) => {
    expect(visibleName(name)).toEqual({ ok: false, errors: [INVISIBLE_IN_NAME] });
  });

  it('refuses every format (Cf) and default-ignorable code point but the variation selectors', () => {
    const hidden = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
    const variationSelector = /[\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
    const accepted: string[] = [];
    let refused = 0;
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (!hidden.test(c) || variationSelector.test(c)) continue;
      if (visibleName(`Ada${c}`).ok) accepted.push(cp.toString(16));
      else refused += 1;
    }
    expect(accepted).toEqual([]);
    expect(refused).toBeGreaterThan(3_500);
  });
});

describe('names that show nothing or hide data', () => {
  it.each([
    ['a variation selector alone', '\ufe0f'],
    ['a run of 64 variation selectors after a name (hidden data)', `Ada${'\u{e0100}'.repeat(64)}`],
    ['two variation selectors in a row', 'Ada\ufe0f\ufe0f'],
    ['a combining mark with nothing to mark', '\u0301'],
    ['a combining mark at the start', '\u0301Ada'],
    ['blank Braille patterns', '\u2800\u2800'],
    ['spaces and blank Braille', ' \u2800 '],
  ])('refuses %s', (_, name) => {
    expect(visibleName(name)).toEqual({ ok: false, errors: [INVISIBLE_IN_NAME] });
  });

  it.each([
    ['an emoji with its presentation selector', 'Ada \u2764\ufe0f'],
    ['a CJK ideograph with its variation selector', '\u845b\u{e0100}'],
    ['a decomposed accent', 'Jose\u0301'],
    ['Devanagari with its vowel signs', '\u0926\u0947\u0935'],
    ['two words', 'Mary Ann'],
  ])('accepts %s', (_, name) => {
    expect(visibleName(name)).toEqual({ ok: true, value: name });
  });
});
