import { describe, expect, it } from 'vitest';
import { emailKey, INVALID_EMAIL, normaliseEmail } from '../../../lib/users/email';

describe('normaliseEmail', () => {
  it.each(['a@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'x@xn--bcher-kva.example'])('accepts %s', (email) => {
    expect(normaliseEmail(email)).toEqual({ ok: true, value: email });
  });

  it("lower-cases the domain only (Django's normalize_email)", () => {
    expect(normaliseEmail('Ada@EXAMPLE.com')).toEqual({ ok: true, value: 'Ada@example.com' });
  });

  it('accepts internationalised domains', () => {
    expect(normaliseEmail('a@bücher.example')).toEqual({ ok: true, value: 'a@bücher.example' });
  });

  it.each(['plain', '@example.com', 'a@', 'a@b', 'a..b@example.com', '.a@example.com', 'a@-example.com', 'a b@example.com', 'a@exa mple.com', 'a@example.c', `${'a'.repeat(65)}@example.com`])(
    'refuses %j',
    (email) => {
      expect(normaliseEmail(email)).toEqual({ ok: false, errors: [INVALID_EMAIL] });
    },
  );

  it('refuses addresses over 254 characters', () => {
    const email = `a@${Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')}.com`;
    expect(normaliseEmail(email)).toEqual({ ok: false, errors: ['Ensure this field has no more than 254 characters.'] });
  });
});

describe('emailKey', () => {
  it('is case-insensitive over the whole address', () => {
    expect(emailKey('Ada@Example.com')).toBe(emailKey('ada@example.COM'));
  });

  it('equates an internationalised domain with its punycode form', () => {
    expect(emailKey('a@bücher.example')).toBe(emailKey('a@xn--bcher-kva.example'));
  });
});
