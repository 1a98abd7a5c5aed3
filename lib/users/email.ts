// Email addresses: Django's EmailValidator rules (dot-atom local part, IDNA domain) and the unique key.
import { domainToASCII, domainToUnicode } from 'node:url';
import { fail, MESSAGES, ok, type RuleResult } from '../validation';

export const EMAIL_MAX_LENGTH = 254;
export const INVALID_EMAIL = 'Enter a valid email address.';

const ATOM = "[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+";
const LOCAL_PART = new RegExp(`^${ATOM}(\\.${ATOM})*$`);
const DOMAIN = /^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)(?:[a-z0-9-]{2,63})$/;

/**
 * Validates an address and returns it with its domain lower-cased (Django's normalize_email) and
 * in UTS #46's Unicode form: the one form of the domain the key's punycode stands for, so an NFD,
 * fullwidth or punycode spelling of one address is stored as the same string.
 * Quoted local parts and IP-literal domains are refused: no real sign-up needs them.
 */
export function normaliseEmail(raw: string): RuleResult<string> {
  if (raw.length > EMAIL_MAX_LENGTH) return fail(MESSAGES.tooLong(EMAIL_MAX_LENGTH));
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return fail(INVALID_EMAIL);
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return fail(INVALID_EMAIL);
  const ascii = domainToASCII(domain);
  if (ascii === '' || ascii.length > 253 || !DOMAIN.test(ascii) || ascii.endsWith('-')) return fail(INVALID_EMAIL);
  return ok(`${local}@${domainToUnicode(ascii)}`);
}

/** Addresses are unique case-insensitively, and an IDN domain equals its punycode form. */
export function emailKey(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at).toLowerCase()}@${domainToASCII(email.slice(at + 1).toLowerCase())}`;
}
