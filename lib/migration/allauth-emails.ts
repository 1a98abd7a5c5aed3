// Reads django-allauth's `manage.py dumpdata account.EmailAddress` output: which imported users'
// addresses allauth had verified. A user imports as verified only if a row names that user and
// that very address (once normalised) with `verified: true`; every other user imports unverified.
import { emailKey, normaliseEmail } from '../users/email';
import type { DjangoUser, Rejection } from './django-users';

export interface AllauthAddresses {
  /** `<user pk> <email key>` of every verified row. */
  verified: Set<string>;
  rejected: Rejection[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const claim = (userId: number, key: string) => `${userId} ${key}`;

export function readAllauthAddresses(entries: unknown): AllauthAddresses {
  if (!Array.isArray(entries)) throw new Error('not a dumpdata file: expected a JSON list of objects');
  const verified = new Set<string>();
  const rejected: Rejection[] = [];
  for (const entry of entries) {
    if (!isObject(entry) || entry.model !== 'account.emailaddress' || !isObject(entry.fields)) {
      rejected.push({ pk: isObject(entry) ? entry.pk : undefined, reason: 'not an account.emailaddress row' });
      continue;
    }
    const { user, email, verified: isVerified } = entry.fields;
    const normalised = typeof email === 'string' ? normaliseEmail(email.trim()) : undefined;
    if (typeof user !== 'number' || !normalised?.ok) {
      rejected.push({ pk: entry.pk, reason: 'emailaddress row without a user pk and a valid email' });
      continue;
    }
    if (isVerified === true) verified.add(claim(user, emailKey(normalised.value)));
  }
  return { verified, rejected };
}

/** The users with `email_verified` as allauth's rows say: verified only for their own current address. */
export function withVerifiedEmails(users: DjangoUser[], addresses: AllauthAddresses): DjangoUser[] {
  return users.map((user) => ({
    ...user,
    email_verified: user.email_key !== undefined && addresses.verified.has(claim(user.pk, user.email_key)),
  }));
}
