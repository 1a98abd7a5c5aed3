// Reads Django's `manage.py dumpdata <app>.<User>` output into the records registration writes,
// with registration's own rules; every user it cannot take is reported by pk with the reason.
import { registerInput } from '../auth/register';
import { ValidationFailed } from '../errors';
import { describeHash, type HashDescription } from '../passwords';
import { emailKey, normaliseEmail } from '../users/email';
import { usernameKey } from '../users/username';
import { boolean, ok, string, validate } from '../validation';
import { isBlacklistEntry } from './django-blacklist';

/** Registration's rules, but Django allowed a blank email (and never asked it to be unique). */
const fieldsSchema = {
  username: registerInput.username,
  email: string({ default: '', allowBlank: true, refine: (value) => (value === '' ? ok('') : normaliseEmail(value)) }),
  first_name: registerInput.first_name,
  last_name: registerInput.last_name,
  is_active: boolean({ default: true }),
};

/** The fields the profile has a place for; the others (is_staff, last_login, groups…) are reported. */
const KEPT_FIELDS = new Set(['username', 'email', 'first_name', 'last_name', 'is_active', 'date_joined', 'password', 'profile_image']);

export interface DjangoUser {
  pk: number;
  username: string;
  username_key: string;
  email: string;
  /** Absent for a blank email: only addresses are unique. */
  email_key?: string;
  first_name: string;
  last_name: string;
  profile_image: string | null;
  is_active: boolean;
  date_joined: string;
  password_hash: string;
  hash: HashDescription;
  /** From allauth's account.EmailAddress rows (lib/migration/allauth-emails), when given; else unverified. */
  email_verified?: boolean;
}

export interface Rejection {
  pk: unknown;
  username?: string;
  reason: string;
}

export interface DjangoDump {
  users: DjangoUser[];
  rejected: Rejection[];
  /** Fields present in the dump that no item keeps. */
  droppedFields: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readOne(entry: unknown): DjangoUser | Rejection {
  if (!isObject(entry) || !isObject(entry.fields))
    return { pk: isObject(entry) ? entry.pk : undefined, reason: 'not a dumpdata object with "fields"' };
  const { pk, fields } = entry;
  const username = typeof fields.username === 'string' ? fields.username : undefined;
  if (typeof pk !== 'number' || !Number.isSafeInteger(pk) || pk < 1) return { pk, username, reason: 'pk must be a positive integer' };
  let valid;
  try {
    valid = validate(fields, fieldsSchema);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return { pk, username, reason: error.message };
  }
  if (typeof fields.password !== 'string') return { pk, username, reason: 'password: not a string' };
  const joined = typeof fields.date_joined === 'string' ? new Date(fields.date_joined) : undefined;
  if (!joined || Number.isNaN(joined.getTime())) return { pk, username, reason: 'date_joined: not a date' };
  const image = fields.profile_image;
  return {
    pk,
    username: valid.username,
    username_key: usernameKey(valid.username),
    email: valid.email,
    ...(valid.email === '' ? {} : { email_key: emailKey(valid.email) }),
    first_name: valid.first_name,
    last_name: valid.last_name,
    profile_image: typeof image === 'string' && image !== '' ? image : null,
    is_active: valid.is_active,
    date_joined: joined.toISOString(),
    password_hash: fields.password,
    hash: describeHash(fields.password),
  };
}

/**
 * Users in pk order; of two that collide (same pk, username or email once normalised, which
 * Django allowed) the older account, the lower pk, is kept and the other rejected.
 */
export function readDjangoDump(entries: unknown): DjangoDump {
  if (!Array.isArray(entries)) throw new Error('not a dumpdata file: expected a JSON list of objects');
  // simplejwt's blacklist may come in the same file (lib/migration/django-blacklist reads it).
  const dump = entries.filter((entry) => !isBlacklistEntry(entry));
  const read = dump.map(readOne);
  const rejected = read.filter((r): r is Rejection => !('username_key' in r));
  const users = read.filter((r): r is DjangoUser => 'username_key' in r).sort((a, b) => a.pk - b.pk);
  const owners = new Map<string, DjangoUser>();
  const kept: DjangoUser[] = [];
  for (const user of users) {
    const claims: [string, string][] = [
      [`pk ${user.pk}`, `pk#${user.pk}`],
      [`username "${user.username}"`, `username#${user.username_key}`],
      ...(user.email_key ? [[`email "${user.email}"`, `email#${user.email_key}`] as [string, string]] : []),
    ];
    const clash = claims.find(([, key]) => owners.has(key));
    if (clash) {
      const owner = owners.get(clash[1])!;
      rejected.push({
        pk: user.pk,
        username: user.username,
        reason: `${clash[0]} is already used by pk ${owner.pk} ("${owner.username}") in this file`,
      });
      continue;
    }
    for (const [, key] of claims) owners.set(key, user);
    kept.push(user);
  }
  const droppedFields = new Set<string>();
  for (const entry of dump) {
    if (isObject(entry) && isObject(entry.fields))
      for (const name of Object.keys(entry.fields)) if (!KEPT_FIELDS.has(name)) droppedFields.add(name);
  }
  return { users: kept, rejected, droppedFields: [...droppedFields].sort() };
}
