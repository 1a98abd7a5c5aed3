// First and last names: free text, but nothing invisible and nothing that reorders what is shown.
import { fail, ok, type RuleResult } from '../validation';

export const NAME_MAX_LENGTH = 150;

export const INVISIBLE_IN_NAME = 'This field may not contain invisible or formatting characters.';

// Format characters (bidi controls such as U+202E, zero-width space, joiner and non-joiner, soft
// hyphen, byte order mark, tags) and every other default-ignorable code point, such as the Hangul
// fillers: a name shown in an admin list or an email must read as what it is. Variation selectors
// are kept: they only choose a glyph for the visible character before them (emoji, CJK variants).
const VARIATION_SELECTOR = '[\\u180b-\\u180d\\u180f\\ufe00-\\ufe0f\\u{e0100}-\\u{e01ef}]';
const HIDDEN = new RegExp(`(?!${VARIATION_SELECTOR})[\\p{Cf}\\p{Default_Ignorable_Code_Point}]`, 'u');
// A variation selector only after a visible character, one at a time: a run of them (or one on
// its own) shows nothing and can carry hidden data.
const STRAY_SELECTOR = new RegExp(`(^|[\\p{M}\\p{Z}]|${VARIATION_SELECTOR})${VARIATION_SELECTOR}`, 'u');
// A combining mark must mark something.
const LEADING_MARK = /^\p{M}/u;
// What is left once marks, selectors, spaces and the blank Braille pattern (U+2800) are gone: a
// name must show something.
// eslint-disable-next-line no-misleading-character-class -- combining marks and selectors alone are what it looks for
const SHOWS_NOTHING = new RegExp(`^[\\p{M}\\p{Z}\\u2800${VARIATION_SELECTOR.slice(1, -1)}]*$`, 'u');

export function visibleName(value: string): RuleResult<string> {
  if (value === '') return ok(value);
  if (HIDDEN.test(value) || STRAY_SELECTOR.test(value) || LEADING_MARK.test(value) || SHOWS_NOTHING.test(value))
    return fail(INVISIBLE_IN_NAME);
  return ok(value);
}
