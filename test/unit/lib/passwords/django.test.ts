// Real Django hashes (test/fixtures/django, made by Django 3.2's own hashers) verify here.
import { describe, expect, it } from 'vitest';
import { checkPassword, describeHash, verifyPassword } from '../../../../lib/passwords';
import passwords from '../../../fixtures/django/passwords.json';
import users from '../../../fixtures/django/users.json';

const byUsername = new Map(users.map((u) => [u.fields.username, u.fields.password]));
const hashOf = (username: string) => byUsername.get(username)!;
const passwordOf = (username: string) => (passwords as Record<string, string>)[username]!;

const usable = users.filter((u) => !u.fields.password.startsWith('!')).map((u) => u.fields.username);

describe('Django password hashes', () => {
  it.each(usable)(
    'verifies %s with its password and refuses a wrong one',
    async (username) => {
      expect(await verifyPassword(passwordOf(username), hashOf(username))).toBe(true);
      expect(await verifyPassword(`${passwordOf(username)}x`, hashOf(username))).toBe(false);
    },
    20_000,
  );

  // argon2-cffi writes argon2id; argon2i and argon2d hashes are valid too. Known answers, computed
  // with hash-wasm (the WebAssembly argon2 this service used before Node's own).
  it.each([
    'argon2$argon2i$v=19$m=64,t=2,p=2$c2FsdHNhbHRzYWx0MTZieQ$fVdpavtXdeq+HDj/iM5U3AEEhwoeSBSS1Hz+VY00Yu8',
    'argon2$argon2d$v=19$m=64,t=2,p=2$c2FsdHNhbHRzYWx0MTZieQ$z5a5ajN43JqNpxYZ3/kU4SbTDOCBgwQZhjysTTLc0fU',
    'argon2$argon2id$v=19$m=64,t=2,p=2$c2FsdHNhbHRzYWx0MTZieQ$kyyTYA+ArY49QZRvFpqNZvMvTtgwayllxr1M5J5r8Is',
  ])('verifies every argon2 variant: %s', async (encoded) => {
    expect(await verifyPassword('correct horse', encoded)).toBe(true);
    expect(await verifyPassword('correct horsf', encoded)).toBe(false);
  });

  it('covers every format and several costs', () => {
    const algorithms = new Set(users.map((u) => describeHash(u.fields.password).algorithm));
    expect([...algorithms].sort()).toEqual(['argon2', 'bcrypt', 'bcrypt_sha256', 'pbkdf2_sha1', 'pbkdf2_sha256', 'unusable']);
    const iterations = new Set(
      users.filter((u) => u.fields.password.startsWith('pbkdf2_sha256$')).map((u) => u.fields.password.split('$')[1]),
    );
    expect(iterations.size).toBeGreaterThanOrEqual(4);
  });

  it('hashes the password as given: no Unicode normalisation, no truncation under bcrypt_sha256', async () => {
    expect(await verifyPassword(passwordOf('unicode_pw').normalize('NFD'), hashOf('unicode_pw'))).toBe(false);
    const long = passwordOf('long_pw');
    expect(Buffer.byteLength(long)).toBeGreaterThan(72);
    expect(await verifyPassword(Buffer.from(long).subarray(0, 72).toString(), hashOf('long_pw'))).toBe(false);
  });

  it('asks for a rehash of every hash but our own at exactly the configured cost, a stronger one too', async () => {
    expect(await checkPassword(passwordOf('grace'), hashOf('grace'), 10)).toEqual({ matches: true, rehash: true });
    expect(await checkPassword(passwordOf('argon_custom'), hashOf('argon_custom'), 10)).toEqual({ matches: true, rehash: true });
    expect(await checkPassword(passwordOf('bcrypt_plain_10'), hashOf('bcrypt_plain_10'), 10)).toEqual({ matches: true, rehash: true });
    expect(await checkPassword(passwordOf('bcrypt_sha256_10'), hashOf('bcrypt_sha256_10'), 10)).toEqual({ matches: true, rehash: false });
    // Kept, a cost-12 hash would make this account's wrong passwords measurably slower than others'.
    expect(await checkPassword(passwordOf('bcrypt_sha256_12'), hashOf('bcrypt_sha256_12'), 10)).toEqual({ matches: true, rehash: true });
    expect(await checkPassword(passwordOf('bcrypt_sha256_12'), hashOf('bcrypt_sha256_12'), 12)).toEqual({ matches: true, rehash: false });
    expect(await checkPassword(`${passwordOf('grace')}!`, hashOf('grace'), 10)).toEqual({ matches: false, rehash: false });
  }, 20_000);

  it('refuses the unusable password, whatever is typed, and describes why', async () => {
    const unusable = hashOf('no_login');
    expect(await checkPassword('', unusable, 4)).toEqual({ matches: false, rehash: false });
    expect(await checkPassword(unusable, unusable, 4)).toEqual({ matches: false, rehash: false });
    expect(describeHash(unusable)).toMatchObject({ usable: false, reason: expect.stringContaining('unusable') });
  });

  it('describes formats it cannot verify, and work it will not spend', () => {
    expect(describeHash('md5$salt$0123456789abcdef0123456789abcdef')).toEqual({
      algorithm: 'md5',
      usable: false,
      reason: 'unsupported hash algorithm "md5"',
    });
    expect(describeHash('pbkdf2_sha256$99999999$salt$ONabkIZQEBj6IgRFUgzChBN+bwN18Bp/d4DBuTk/uzg=')).toMatchObject({
      usable: false,
      reason: expect.stringContaining('iterations'),
    });
    expect(describeHash('argon2$argon2id$v=19$m=4194304,t=2,p=8$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')).toMatchObject({
      usable: false,
      reason: expect.stringContaining('memory'),
    });
    expect(describeHash('argon2$argon2id$v=19$m=65536,t=0,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')).toMatchObject({
      usable: false,
      reason: 'malformed argon2 parameters',
    });
    expect(describeHash('pbkdf2_sha256$260000$salt$short')).toMatchObject({ usable: false, reason: 'malformed pbkdf2_sha256 hash' });
    expect(describeHash('')).toMatchObject({ usable: false });
  });
});
