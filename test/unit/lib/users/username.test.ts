import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVALID_USERNAME,
  INVISIBLE_USERNAME,
  MIXED_SCRIPT_USERNAME,
  newUsername,
  normaliseUsername,
  usernameKey,
} from '../../../../lib/users/username';

/** Every Unicode scalar value: all code points but the surrogates, which cannot stand alone. */
function* scalarValues(from = 0, to = 0x10ffff): Generator<string> {
  for (let cp = from; cp <= to; cp += 1) {
    if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
  }
}

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

describe('newUsername (registration and import)', () => {
  it.each(['alice', 'Alice.B+c-d_e@f', 'Zoë', '名前', 'админ', 'αθηνα', 'ᏣᎳᎩ', 'alice名前', 'админ_2024@пример.рф', 'a'.repeat(150)])(
    'accepts %s',
    (name) => {
      expect(newUsername(name)).toEqual({ ok: true, value: name.normalize('NFKC') });
    },
  );

  it.each([
    ['Hangul filler U+3164', 'ad\u3164min'],
    ['Hangul jungseong filler U+1160', 'ad\u1160min'],
    ['Hangul choseong filler U+115F', 'admin\u115f'],
    ['halfwidth Hangul filler U+FFA0 (NFKC: U+3164)', '\uffa0admin'],
    ['name made only of U+3164', '\u3164'],
    ['name made only of fillers', '\u3164\u1160\u115f\uffa0'],
  ])('refuses a %s as invisible', (_, name) => {
    expect(normaliseUsername(name).ok).toBe(true); // Django's character set lets these through
    expect(newUsername(name)).toEqual({ ok: false, errors: [INVISIBLE_USERNAME] });
  });

  it('refuses every default-ignorable code point, alone and inside a name', () => {
    const invisible = /\p{Default_Ignorable_Code_Point}/u;
    const accepted: string[] = [];
    let checked = 0;
    for (const c of scalarValues()) {
      if (!invisible.test(c)) continue;
      checked += 1;
      for (const name of [c, `ad${c}min`, `${c}${c}`]) if (newUsername(name).ok) accepted.push(name);
    }
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(4_000);
  });

  it.each([
    ['Cyrillic а in a Latin name', '\u0430dmin'],
    ['Cyrillic о in a Latin name', 'g\u043e\u043egle'],
    ['Greek ο in a Latin name', 'micr\u03bfsoft'],
    ['Greek Α (capital alpha) in a Latin name', '\u0391dmin'],
    ['Cherokee Ꭺ in a Latin name', '\u13aadmin'],
    ['Latin a in a Cyrillic name', 'a\u0434\u043c\u0438\u043d'],
    ['Greek ο in a Cyrillic name', '\u0430\u0434\u03bf'],
    ['ohm sign (NFKC: Greek Ω) in a Latin name', '\u2126mega'],
    ['Lisu ꓮ in a Latin name', '\ua4eedmin'],
    ['Tifinagh ⵔ in a Latin name', 'b\u2d54b'],
    ['Canadian Syllabics ᐯ in a Latin name', '\u142fictor'],
    ['Armenian օ in a Latin name', 'g\u0585\u0585gle'],
    ['Devanagari zero in a Latin name', 'j\u0966hn'],
    ['Arabic-Indic one after a Latin name', 'admin\u0661'],
    ['Devanagari two among ASCII digits', '1\u09682'],
  ])('refuses a mix of writing systems: %s', (_, name) => {
    expect(normaliseUsername(name).ok).toBe(true); // Django's character set lets these through
    expect(newUsername(name)).toEqual({ ok: false, errors: [MIXED_SCRIPT_USERNAME] });
  });

  it('refuses аdmin (Cyrillic а) while admin and the all-Cyrillic админ are accepted', () => {
    expect(newUsername('\u0430dmin')).toEqual({ ok: false, errors: [MIXED_SCRIPT_USERNAME] });
    expect(newUsername('admin')).toEqual({ ok: true, value: 'admin' });
    expect(newUsername('\u0430\u0434\u043c\u0438\u043d')).toEqual({ ok: true, value: 'админ' });
  });

  it('accepts whole-script look-alikes, the residual risk docs/security.md states', () => {
    // All-Cyrillic аре looks like Latin ape, all-Lisu ꓮꓓꓟꓲꓠ like ADMIN: each is one script.
    expect(newUsername('\u0430\u0440\u0435')).toEqual({ ok: true, value: 'аре' });
    expect(usernameKey('аре')).not.toBe(usernameKey('ape'));
    expect(newUsername('\ua4ee\ua4d3\ua4df\ua4f2\ua4e0').ok).toBe(true);
  });

  it('accepts the mixes Chinese, Japanese and Korean names are written in, with Latin', () => {
    for (const name of ['田中taro', '田中たろう', 'タナカ_2', '王小明wang', '김민준kim', '李ㄅ'])
      expect(newUsername(name)).toMatchObject({ ok: true });
    expect(newUsername('김민준たろう')).toEqual({ ok: false, errors: [MIXED_SCRIPT_USERNAME] });
  });

  it("reports Django's character-set message first", () => {
    expect(newUsername('\u0430dmin!')).toEqual({ ok: false, errors: [INVALID_USERNAME] });
  });
});

describe('usernameKey', () => {
  it('folds case, including characters whose upper case is two letters', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('alice'));
    expect(usernameKey('STRASSE')).toBe(usernameKey('straße'));
  });

  it('folds capital sharp S (U+1E9E) as far as small sharp s: STRAẞE123 is strasse123', () => {
    expect(usernameKey('STRA\u1e9eE123')).toBe('strasse123');
    expect(usernameKey('STRA\u1e9eE123')).toBe(usernameKey('strasse123'));
    expect(usernameKey('\u1e9e')).toBe(usernameKey('ß'));
  });

  it('folds compatibility forms', () => {
    expect(usernameKey('ＡＬＩＣＥ')).toBe(usernameKey('alice'));
  });

  it('keeps different names apart', () => {
    expect(usernameKey('alice')).not.toBe(usernameKey('alice1'));
  });

  // Exhaustive, in slices so that each stays well inside the test timeout on a busy machine.
  // Each code point alone; each assigned one (not unassigned or private use, which have no case
  // and no decomposition, so no context can change them) also after a cased letter, before a
  // final-sigma context and before a combining mark: contexts in which casing or composition
  // change what a character becomes.
  const inertAlone = /[\p{Cn}\p{Co}]/u;
  const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');
  const slices = (
    [
      [0x0000, 0x2ffff],
      [0x30000, 0x10ffff],
    ] as const
  ).map(([from, to]) => ({ from, to, range: `U+${hex(from)}..U+${hex(to)}` }));
  it.each(slices)(
    'is idempotent for every code point in $range, alone and (if assigned) in context',
    ({ from, to }) => {
      const unstable: string[] = [];
      let inContext = 0;
      for (const c of scalarValues(from, to)) {
        const candidates = inertAlone.test(c) ? [c] : [c, `A${c}`, `${c}Σ`, `${c}\u0301`];
        if (candidates.length > 1) inContext += 1;
        for (const candidate of candidates) {
          const key = usernameKey(candidate);
          if (usernameKey(key) !== key) unstable.push(candidate);
        }
      }
      expect(unstable).toEqual([]);
      expect(inContext).toBeGreaterThan(from === 0 ? 100_000 : 5_000);
    },
    120_000,
  );

  it('is idempotent for random strings of any code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), (a, b) => {
        const key = usernameKey(a + b);
        expect(usernameKey(key)).toBe(key);
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives every username that normaliseUsername accepts a stable key', () => {
    // Every one-character username, and random ones built from the characters Django allows.
    const unstable: string[] = [];
    let accepted = 0;
    for (const c of scalarValues()) {
      const name = normaliseUsername(c);
      if (!name.ok) continue;
      accepted += 1;
      const key = usernameKey(name.value);
      if (usernameKey(key) !== key) unstable.push(name.value);
    }
    expect(unstable).toEqual([]);
    // Django's character set after NFKC: every letter and number, so well over 100,000 of them.
    expect(accepted).toBeGreaterThan(100_000);
    const allowedChar = fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom('ẞ', 'ß', 'Σ', 'ς', 'İ', 'ı', 'ﬅ', '@', '.', '+', '-', '_'),
      )
      .filter((c) => normaliseUsername(c).ok);
    fc.assert(
      fc.property(fc.array(allowedChar, { minLength: 1, maxLength: 30 }), (chars) => {
        const name = normaliseUsername(chars.join(''));
        fc.pre(name.ok);
        const key = usernameKey(name.ok ? name.value : '');
        expect(usernameKey(key)).toBe(key);
      }),
      { numRuns: 2_000 },
    );
  }, 120_000);
});
