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

/**
 * The uniqueness and login key. Upper-then-lower casing folds more than toLowerCase alone
 * ("ß" and "SS" meet); NFKC on both sides folds fullwidth and compatibility forms.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
