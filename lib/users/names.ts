// First and last names: free text, but nothing invisible and nothing that reorders what is shown.
import { fail, ok, type RuleResult } from '../validation';

export const NAME_MAX_LENGTH = 150;

export const INVISIBLE_IN_NAME = 'This field may not contain invisible or formatting characters.';

// Format characters (bidi controls such as U+202E, zero-width space, joiner and non-joiner, soft
// hyphen, byte order mark, tags) and every other default-ignorable code point, such as the Hangul
// fillers: a name shown in an admin list or an email must read as what it is. Variation selectors
// are kept: they only choose a glyph for the visible character before them (emoji, CJK variants).
const HIDDEN = /(?![\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}])[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

export function visibleName(value: string): RuleResult<string> {
  return HIDDEN.test(value) ? fail(INVISIBLE_IN_NAME) : ok(value);
}
