// Request-body validation: field rules as data, DRF's messages, every field checked before failing.
import { ValidationFailed, type FieldErrors } from './errors';

/** `verbatim`: the message is a complete sentence, shown as the summary without the field name. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; errors: string[]; verbatim?: boolean };
export type Rule<T> = (value: unknown) => RuleResult<T>;
export type Schema = Record<string, Rule<unknown>>;
export type Parsed<S extends Schema> = { [K in keyof S]: S[K] extends Rule<infer T> ? T : never };

export const ok = <T>(value: T): RuleResult<T> => ({ ok: true, value });
export const fail = (...errors: string[]): RuleResult<never> => ({ ok: false, errors });

export const MESSAGES = {
  required: 'This field is required.',
  nullValue: 'This field may not be null.',
  notString: 'Not a valid string.',
  blank: 'This field may not be blank.',
  tooLong: (max: number) => `Ensure this field has no more than ${max} characters.`,
  controlChars: 'This field may not contain control characters.',
} as const;

// C0/C1 controls and lone surrogates never belong in a name, an address or a username.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface StringRuleOptions {
  /** Absent or undefined is allowed and becomes this value. */
  default?: string;
  allowBlank?: boolean;
  /** DRF trims text fields by default; passwords must never be trimmed. */
  trim?: boolean;
  /** Names, addresses and tokens refuse control characters; passwords may hold anything. */
  allowControlCharacters?: boolean;
  maxLength?: number;
  /** Replaces every built-in message, and is the whole summary (for contracts with one fixed message). */
  message?: string;
  /** Further checks on the cleaned value; returns messages, or a replacement value. */
  refine?: (value: string) => RuleResult<string>;
}

export function string(options: StringRuleOptions = {}): Rule<string> {
  const { allowBlank = false, trim = true, allowControlCharacters = false, maxLength, message } = options;
  const problem = (text: string): RuleResult<never> => (message ? { ok: false, errors: [message], verbatim: true } : fail(text));
  return (raw) => {
    if (raw === undefined) return options.default !== undefined ? ok(options.default) : problem(MESSAGES.required);
    if (raw === null) return problem(MESSAGES.nullValue);
    // DRF's CharField takes a number as its text ("username": 42 is "42"); never a boolean or a list.
    const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof text !== 'string') return problem(MESSAGES.notString);
    const value = trim ? text.trim() : text;
    if (value === '' && !allowBlank) return problem(MESSAGES.blank);
    if (maxLength !== undefined && [...value].length > maxLength) return problem(MESSAGES.tooLong(maxLength));
    if (!allowControlCharacters && CONTROL_OR_LONE_SURROGATE.test(value)) return problem(MESSAGES.controlChars);
    return options.refine ? options.refine(value) : ok(value);
  };
}

/**
 * Applies a schema to a parsed JSON object. Only the schema's own fields are read (with
 * Object.hasOwn), so unknown keys, `__proto__` and friends can never reach the use case.
 */
export function validate<S extends Schema>(body: Record<string, unknown>, schema: S): Parsed<S> {
  const fields: FieldErrors = {};
  let summary: string | undefined;
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, rule] of Object.entries(schema)) {
    const result = rule(Object.hasOwn(body, name) ? body[name] : undefined);
    if (result.ok) {
      values[name] = result.value;
      continue;
    }
    fields[name] = result.errors;
    summary ??= result.verbatim ? result.errors[0] : `${name}: ${result.errors[0]}`;
  }
  if (summary !== undefined) throw new ValidationFailed(fields, summary);
  return values as Parsed<S>;
}

export function boolean(options: { default: boolean }): Rule<boolean> {
  return (raw) => {
    if (raw === undefined) return ok(options.default);
    return typeof raw === 'boolean' ? ok(raw) : fail('Must be a valid boolean.');
  };
}

/** A field that may be left out (a partial update): absent stays absent; present is checked by `rule`. */
export function optional<T>(rule: Rule<T>): Rule<T | undefined> {
  return (raw) => (raw === undefined ? ok(undefined) : rule(raw));
}
