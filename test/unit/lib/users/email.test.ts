import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emailKey, INVALID_EMAIL, normaliseEmail } from '../../../../lib/users/email';

describe('normaliseEmail', () => {
  it.each(['a@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'x@bücher.example'])('accepts %s', (email) => {
    expect(normaliseEmail(email)).toEqual({ ok: true, value: email });
  });

  it("lower-cases the domain only (Django's normalize_email)", () => {
    expect(normaliseEmail('Ada@EXAMPLE.com')).toEqual({ ok: true, value: 'Ada@example.com' });
  });

  it('accepts internationalised domains', () => {
    expect(normaliseEmail('a@bücher.example')).toEqual({ ok: true, value: 'a@bücher.example' });
  });

  it.each([
    ['decomposed form (NFD)', 'Ada@bu\u0308cher.example'],
    ['punycode', 'Ada@xn--bcher-kva.example'],
    ['upper-case punycode', 'Ada@XN--BCHER-KVA.EXAMPLE'],
    ['upper case', 'Ada@BÜCHER.example'],
    ['fullwidth letters and an ideographic full stop', 'Ada@ｂüｃｈｅｒ。ｅｘａｍｐｌｅ'],
  ])('stores a domain spelt in %s in the one form its key stands for', (_, email) => {
    expect(normaliseEmail(email)).toEqual({ ok: true, value: 'Ada@bücher.example' });
    expect(emailKey(email)).toBe('ada@xn--bcher-kva.example');
  });

  it('stores every accepted address in a form that normalises to itself and keys as its input does', () => {
    // eslint-disable-next-line no-misleading-character-class -- lone combining marks on purpose: NFD spellings
    const label = fc.stringMatching(/^[a-z0-9ßüöçéñкиαä\u0308\u0301]{1,12}$/);
    const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'example', 'рф', 'ΕΛ', 'XN--P1AI'));
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._+-]{1,20}$/), domain, (local, [labels, tld]) => {
        const raw = `${local}@${[...labels, tld].join('.')}`;
        const stored = normaliseEmail(raw);
        fc.pre(stored.ok);
        if (!stored.ok) return;
        expect(normaliseEmail(stored.value)).toEqual(stored);
        expect(emailKey(stored.value)).toBe(emailKey(raw));
        // The stored domain is exactly the Unicode form of the key's punycode domain.
        const storedDomain = stored.value.slice(stored.value.lastIndexOf('@') + 1);
        expect(domainToASCII(storedDomain)).toBe(emailKey(raw).slice(emailKey(raw).lastIndexOf('@') + 1));
        expect(storedDomain).toBe(storedDomain.normalize('NFC'));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    'plain',
    '@example.com',
    'a@',
    'a@b',
    'a..b@example.com',
    '.a@example.com',
    'a@-example.com',
    'a b@example.com',
    'a@exa mple.com',
    'a@example.c',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses %j', (email) => {
    expect(normaliseEmail(email)).toEqual({ ok: false, errors: [INVALID_EMAIL] });
  });

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
