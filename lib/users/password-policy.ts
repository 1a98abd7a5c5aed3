// Password rules: Django's four default validators (similarity, length, common, numeric), in its order.
// Django's own CommonPasswordValidator list, so a password is refused here exactly when the backend
// being replaced would refuse it. One string, split on first use: cheaper to load than an array.
import commonPasswordList from './common-passwords.json';
import { PYTHON_ISDIGIT_RANGES } from './python-isdigit';

export const PASSWORD_MIN_LENGTH = 8;
/** With the SHA-256 pre-hash any length is safe to hash; this bound keeps the checks cheap. */
export const PASSWORD_MAX_LENGTH = 1024;
const MAX_SIMILARITY = 0.7;

export interface UserAttributes {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
}

const ATTRIBUTE_NAMES: Record<keyof UserAttributes, string> = {
  username: 'username',
  first_name: 'first name',
  last_name: 'last name',
  email: 'email address',
};

// One newline-delimited string searched as it is: a Set of its 19,727 entries cost 4.4 ms and
// 20k allocations at every register cold start; a search costs 0.04 ms (measured 2026-11-24).
// Built on first use, not at load: modules that import only the length limits (login) then
// leave the list out of their bundle.
let commonPasswords: string | undefined;

/** Django's CommonPasswordValidator: the lower-cased, trimmed password is one of the list's lines. */
function isCommon(password: string): boolean {
  const candidate = password.toLowerCase().trim();
  commonPasswords ??= `\n${commonPasswordList.passwords}\n`;
  // No entry holds a newline; one in the candidate could otherwise match across two entries.
  return !candidate.includes('\n') && commonPasswords.includes(`\n${candidate}\n`);
}

let pythonDigits: RegExp | undefined;
const escaped = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;

/**
 * Django's NumericPasswordValidator: Python's `password.isdigit()`, true for Numeric_Type Digit
 * and Decimal (fullwidth, Arabic-Indic, superscript, circled digits…), not only ASCII or \p{Nd}.
 * Built on first use, like the common list, so modules that import only the limits leave it out.
 */
function isEntirelyNumeric(password: string): boolean {
  pythonDigits ??= new RegExp(`^[${PYTHON_ISDIGIT_RANGES.map(([first, last]) => `${escaped(first)}-${escaped(last)}`).join('')}]+$`, 'u');
  return pythonDigits.test(password);
}

/** Python's SequenceMatcher.quick_ratio: 2 × shared characters (as multisets) / total length. */
function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const char of b) counts.set(char, (counts.get(char) ?? 0) + 1);
  let matches = 0;
  for (const char of a) {
    const left = counts.get(char) ?? 0;
    if (left > 0) {
      matches += 1;
      counts.set(char, left - 1);
    }
  }
  const total = [...a].length + [...b].length;
  return total === 0 ? 1 : (2 * matches) / total;
}

function tooSimilarTo(password: string, user: UserAttributes): string | undefined {
  const lower = password.toLowerCase();
  const length = [...lower].length;
  for (const [attribute, label] of Object.entries(ATTRIBUTE_NAMES) as [keyof UserAttributes, string][]) {
    const value = user[attribute].toLowerCase();
    if (value === '') continue;
    for (const part of [...value.split(/[^\p{L}\p{N}_]+/u), value]) {
      const partLength = [...part].length;
      if (part === '') continue;
      // Django's exceeds_maximum_length_ratio: a much longer password cannot be "similar".
      if (length >= 10 * partLength && partLength < (MAX_SIMILARITY / 2) * length) continue;
      if (quickRatio(lower, part) >= MAX_SIMILARITY) return `The password is too similar to the ${label}.`;
    }
  }
  return undefined;
}

/** Every problem with a password, in Django's wording; an empty list means it is acceptable. */
export function passwordProblems(password: string, user: UserAttributes): string[] {
  const problems: string[] = [];
  if (!password.isWellFormed()) return ['This password contains characters that cannot be encoded.'];
  const similarity = tooSimilarTo(password, user);
  if (similarity) problems.push(similarity);
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push(`This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (isCommon(password)) problems.push('This password is too common.');
  if (isEntirelyNumeric(password)) problems.push('This password is entirely numeric.');
  return problems;
}
