import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../../lib/errors';
import { boolean, fail, ok, optional, string, validate } from '../../../lib/validation';

describe('string rule', () => {
  it.each([
    [undefined, 'This field is required.'],
    [null, 'This field may not be null.'],
    [true, 'Not a valid string.'],
    [{}, 'Not a valid string.'],
    [['a'], 'Not a valid string.'],
    [Number.NaN, 'Not a valid string.'],
    ['   ', 'This field may not be blank.'],
    ['abcdef', 'Ensure this field has no more than 5 characters.'],
    ['a\u0000b', 'This field may not contain control characters.'],
    ['a\ud800b', 'This field may not contain control characters.'],
  ])('refuses %j with DRF wording', (value, message) => {
    expect(string({ maxLength: 5 })(value)).toEqual({ ok: false, errors: [message] });
  });

  it("takes a number as its text, as DRF's CharField does", () => {
    expect(string()(42)).toEqual(ok('42'));
    expect(string()(1.5)).toEqual(ok('1.5'));
  });

  it('trims text but never passwords', () => {
    expect(string()(' a ')).toEqual(ok('a'));
    expect(string({ trim: false })(' a ')).toEqual(ok(' a '));
  });

  it('lets a password field hold control characters', () => {
    expect(string({ trim: false, allowControlCharacters: true })('a\tb')).toEqual(ok('a\tb'));
  });

  it('uses the default when absent, and allows blank when asked', () => {
    expect(string({ default: '', allowBlank: true })(undefined)).toEqual(ok(''));
    expect(string({ allowBlank: true })('')).toEqual(ok(''));
  });

  it('replaces every message with a fixed one when the contract has one', () => {
    const fixed = { ok: false, errors: ['Refresh token required.'], verbatim: true };
    expect(string({ message: 'Refresh token required.' })(undefined)).toEqual(fixed);
    expect(string({ message: 'Refresh token required.' })({})).toEqual(fixed);
  });
});

describe('boolean rule', () => {
  it('takes true, false or the default, and refuses anything else', () => {
    const rule = boolean({ default: false });
    expect(rule(undefined)).toEqual(ok(false));
    expect(rule(true)).toEqual(ok(true));
    expect(rule('true')).toEqual(fail('Must be a valid boolean.'));
  });
});

describe('validate', () => {
  const schema = { a: string(), b: string({ default: 'x' }) };

  it('returns only the schema fields, ignoring the rest', () => {
    const body = JSON.parse('{"a":"1","extra":2,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const parsed = validate(body, schema);
    expect({ ...parsed }).toEqual({ a: '1', b: 'x' });
    // A "__proto__" key copied by assignment would become the result's prototype.
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(parsed));
    expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    const body = Object.create({ a: 'inherited' }) as Record<string, unknown>;
    expect(() => validate(body, schema)).toThrow(ValidationFailed);
  });

  it('collects every field problem, and names the first in the message', () => {
    try {
      validate({ a: false }, { a: string(), c: string() });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).fields).toEqual({ a: ['Not a valid string.'], c: ['This field is required.'] });
      expect((error as ValidationFailed).message).toBe('a: Not a valid string.');
    }
  });

  it('uses a fixed message as the whole summary, without the field name', () => {
    expect(() => validate({}, { token: string({ message: 'Refresh token required.' }) })).toThrow(/^Refresh token required\.$/);
  });
});

describe('optional rule (partial updates)', () => {
  const rule = optional(string({ maxLength: 3 }));

  it('leaves an absent field absent, never defaulted', () => {
    expect(validate({}, { name: rule })).toEqual({ name: undefined });
  });

  it('checks a present field with the rule it wraps: null, blank and too long are still refused', () => {
    expect(rule('abc')).toEqual(ok('abc'));
    for (const value of [null, '', 'abcd', 1.5e300 * 10]) expect(rule(value).ok).toBe(false);
  });
});
