// Reading a dumpdata file: registration's rules, collisions Django allowed, fields kept and dropped.
import { describe, expect, it } from 'vitest';
import { readDjangoDump } from '../../../../lib/migration/django-users';
import users from '../../../fixtures/django/users.json';

const entry = (pk: unknown, fields: Record<string, unknown>) => ({
  model: 'accounts.user',
  pk,
  fields: {
    password: 'pbkdf2_sha256$260000$salt$ONabkIZQEBj6IgRFUgzChBN+bwN18Bp/d4DBuTk/uzg=',
    date_joined: '2024-03-04T10:00:00Z',
    ...fields,
  },
});

describe('readDjangoDump', () => {
  it('reads the fixture dump: 19 users in pk order, the two case duplicates rejected by pk', () => {
    const dump = readDjangoDump(users);
    expect(dump.users.map((u) => u.pk)).toEqual([...dump.users.map((u) => u.pk)].sort((a, b) => a - b));
    expect(dump.users).toHaveLength(19);
    expect(dump.rejected.map((r) => r.pk).sort()).toEqual([404, 42]);
  });

  it('keeps what the profile has a place for, in its shapes, and lists the rest', () => {
    const [ada] = readDjangoDump(users).users;
    expect(ada).toMatchObject({
      pk: 3,
      username: 'ada',
      email: 'ada@example.com',
      email_key: 'ada@example.com',
      profile_image: 'profiles/ada.png',
      is_active: true,
      date_joined: '2024-03-04T10:00:00.000Z',
    });
    expect(readDjangoDump(users).droppedFields).toEqual(['is_staff', 'is_superuser', 'last_login']);
  });

  it('takes a blank email without a uniqueness key, and a blank profile image as none', () => {
    const [user] = readDjangoDump([entry(1, { username: 'bob', email: '', profile_image: '' })]).users;
    expect(user).toMatchObject({ email: '', profile_image: null });
    expect(user).not.toHaveProperty('email_key');
  });

  it("rejects by pk, in registration's words, what registration would refuse", () => {
    const { users: kept, rejected } = readDjangoDump([
      entry(1, { username: 'has space', email: 'a@example.com' }),
      entry(2, { username: 'ok', email: 'not-an-email' }),
      entry('3', { username: 'strpk' }),
      entry(4, { username: 'nodate', date_joined: 'yesterday' }),
      { model: 'accounts.user', pk: 5 },
    ]);
    expect(kept).toEqual([]);
    expect(rejected).toEqual([
      { pk: 1, username: 'has space', reason: expect.stringMatching(/^username: /) },
      { pk: 2, username: 'ok', reason: 'email: Enter a valid email address.' },
      { pk: '3', username: 'strpk', reason: 'pk must be a positive integer' },
      { pk: 4, username: 'nodate', reason: 'date_joined: not a date' },
      { pk: 5, reason: 'not a dumpdata object with "fields"' },
    ]);
  });

  it('rejects invisible and mixed-script usernames, as registration does', () => {
    const { users: kept, rejected } = readDjangoDump([
      entry(1, { username: '\u3164', email: 'a@example.com' }),
      entry(2, { username: '\u0430dmin', email: 'b@example.com' }),
      entry(3, { username: 'admin', email: 'c@example.com' }),
    ]);
    expect(kept.map((u) => u.pk)).toEqual([3]);
    expect(rejected).toEqual([
      { pk: 1, username: '\u3164', reason: 'username: Enter a valid username. This value may not contain invisible characters.' },
      {
        pk: 2,
        username: '\u0430dmin',
        reason: 'username: Enter a valid username. This value may not mix letters or digits of different writing systems.',
      },
    ]);
  });

  it('rejects a name holding a bidi override, as registration does', () => {
    const { rejected } = readDjangoDump([entry(1, { username: 'eve', email: 'e@example.com', last_name: 'Eve\u202e' })]);
    expect(rejected).toEqual([
      { pk: 1, username: 'eve', reason: 'last_name: This field may not contain invisible or formatting characters.' },
    ]);
  });

  it('keeps the older account of a duplicate pk, username (after NFKC and case folding) or email', () => {
    const { users: kept, rejected } = readDjangoDump([
      entry(9, { username: 'ＢＯＢ', email: 'b2@example.com' }),
      entry(2, { username: 'bob', email: 'b@example.com' }),
      entry(2, { username: 'carol', email: 'c@example.com' }),
      entry(3, { username: 'dave', email: 'B@EXAMPLE.com' }),
    ]);
    expect(kept.map((u) => u.pk)).toEqual([2]);
    expect(rejected.map((r) => r.pk)).toEqual([2, 3, 9]);
  });

  it('refuses a file that is not a dumpdata list', () => {
    expect(() => readDjangoDump({ users: [] })).toThrow('expected a JSON list');
  });
});
