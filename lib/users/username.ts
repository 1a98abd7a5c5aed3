// Usernames: Django's character rules after NFKC, and the case-folded key that makes them unique.
import { fail, MESSAGES, ok, type RuleResult } from '../validation';

export const USERNAME_MAX_LENGTH = 150;

// Django's UnicodeUsernameValidator: letters, digits and @ . + - _ only.
const ALLOWED = /^[\p{L}\p{N}@.+\-_]+$/u;

export const INVALID_USERNAME =
  'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';

/** NFKC form, as stored and returned; refuses anything outside Django's character set. */
export function normaliseUsername(raw: string): RuleResult<string> {
  const value = raw.normalize('NFKC');
  if ([...value].length > USERNAME_MAX_LENGTH) {
    return fail(MESSAGES.tooLong(USERNAME_MAX_LENGTH));
  }
  return ALLOWED.test(value) ? ok(value) : fail(INVALID_USERNAME);
}

/** Upper-then-lower casing folds more than toLowerCase alone ("ß" and "SS" meet); NFKC on both sides folds compatibility forms. */
function fold(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Two folds reach the fixed point for every code point, alone or in the contexts
 * test/lib/users/username.test.ts tries; the bound only keeps a pathological input from looping.
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
