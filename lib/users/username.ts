// Usernames: Django's character rules after NFKC, the stricter rules for new names, and the case-folded key that makes them unique.
import { fail, MESSAGES, ok, type RuleResult } from '../validation';
import { hasOneDigitSystem, isHighlyRestrictive } from './scripts';

export const USERNAME_MAX_LENGTH = 150;

// Django's UnicodeUsernameValidator: letters, digits and @ . + - _ only.
const ALLOWED = /^[\p{L}\p{N}@.+\-_]+$/u;

// Letters that render as nothing (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0) pass
// Django's character set; every other default-ignorable code point is already outside it.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

export const INVALID_USERNAME = 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';
export const INVISIBLE_USERNAME = 'Enter a valid username. This value may not contain invisible characters.';
export const MIXED_SCRIPT_USERNAME = 'Enter a valid username. This value may not mix letters or digits of different writing systems.';

/**
 * NFKC form, as stored and returned; refuses anything outside Django's character set. Login
 * looks names up through this alone, so an account made before the rules for new names still
 * signs in.
 */
export function normaliseUsername(raw: string): RuleResult<string> {
  const value = raw.normalize('NFKC');
  if ([...value].length > USERNAME_MAX_LENGTH) {
    return fail(MESSAGES.tooLong(USERNAME_MAX_LENGTH));
  }
  return ALLOWED.test(value) ? ok(value) : fail(INVALID_USERNAME);
}

/**
 * A name a new account may take (registration, import): Django's rules, nothing invisible, and
 * letters and digits that read as one writing system (lib/users/scripts.ts), so a look-alike made
 * of two scripts (`аdmin` with a Cyrillic `а`) cannot sit beside the name it imitates.
 */
export function newUsername(raw: string): RuleResult<string> {
  const normalised = normaliseUsername(raw);
  if (!normalised.ok) return normalised;
  const { value } = normalised;
  if (INVISIBLE.test(value)) return fail(INVISIBLE_USERNAME);
  if (!isHighlyRestrictive(value) || !hasOneDigitSystem(value)) return fail(MIXED_SCRIPT_USERNAME);
  return normalised;
}

/** Upper-then-lower casing folds more than toLowerCase alone ("ß" and "SS" meet); NFKC on both sides folds compatibility forms. */
function fold(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Two folds reach the fixed point for every code point, alone or in the contexts
 * test/unit/lib/users/username.test.ts tries; the bound only keeps a pathological input from looping.
 */
const MAX_FOLDS = 8;

/**
 * The uniqueness and login key: the fold repeated until it changes nothing, so the key of a key
 * is itself. One fold is not enough: "ẞ" (U+1E9E) folds to "ß", which folds to "ss".
 */
export function usernameKey(username: string): string {
  let key = fold(username);
  for (let folds = 1; folds < MAX_FOLDS; folds += 1) {
    const next = fold(key);
    if (next === key) return key;
    key = next;
  }
  return key;
}
