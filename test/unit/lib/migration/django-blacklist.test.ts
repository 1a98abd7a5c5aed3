// simplejwt's token_blacklist in a dump: the jtis Django had blacklisted, of still-unexpired tokens.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { readDjangoBlacklist } from '../../../../lib/migration/django-blacklist';
import { readDjangoDump } from '../../../../lib/migration/django-users';
import dump from '../../../fixtures/simplejwt-cutover/dump.json';
import fixture from '../../../fixtures/simplejwt-cutover/tokens.json';

const jtiOf = (name: keyof typeof fixture.tokens) => decodeJwt(fixture.tokens[name].token).jti;

describe('readDjangoBlacklist', () => {
  it("finds exactly the tokens simplejwt itself calls blacklisted in the fixture's dump, with their user and times", () => {
    const blacklist = readDjangoBlacklist(dump);
    const blacklisted = Object.entries(fixture.tokens).filter(([, t]) => t.simplejwt_accepts === 'Token is blacklisted');
    expect(blacklist.tokens.map((t) => t.jti).sort()).toEqual(blacklisted.map(([name]) => jtiOf(name as never)).sort());
    const { iat, exp } = decodeJwt(fixture.tokens.blacklisted.token);
    expect(blacklist.tokens.find((t) => t.jti === jtiOf('blacklisted'))).toEqual({
      jti: jtiOf('blacklisted'),
      userId: fixture.users.active,
      issuedAt: iat,
      expiresAt: exp,
    });
    expect(blacklist.outstanding).toBe(dump.filter((e) => e.model === 'token_blacklist.outstandingtoken').length);
    expect(blacklist.rejected).toEqual([]);
  });

  it('leaves out blacklisted tokens that have expired, and those of deleted users; reports rows it cannot read', () => {
    const outstanding = (pk: number, fields: Record<string, unknown>) => ({
      model: 'token_blacklist.outstandingtoken',
      pk,
      fields: { jti: `jti${pk}`, user: 5, created_at: '2026-01-01T00:00:00Z', expires_at: '2026-01-02T00:00:00Z', ...fields },
    });
    const blacklisted = (pk: number, token: number) => ({ model: 'token_blacklist.blacklistedtoken', pk, fields: { token } });
    const read = readDjangoBlacklist(
      [
        outstanding(1, {}),
        outstanding(2, { user: null }),
        outstanding(3, { expires_at: '2026-01-01T12:00:00Z' }),
        outstanding(4, { jti: '' }),
        blacklisted(10, 1),
        blacklisted(11, 2),
        blacklisted(12, 3),
        blacklisted(13, 4),
        blacklisted(14, 99),
      ],
      Date.parse('2026-01-01T18:00:00Z'),
    );
    expect(read.tokens).toEqual([
      { jti: 'jti1', userId: 5, issuedAt: Date.parse('2026-01-01T00:00:00Z') / 1000, expiresAt: Date.parse('2026-01-02T00:00:00Z') / 1000 },
    ]);
    expect(read.expired).toBe(1);
    expect(read.rejected.map((r) => r.pk)).toEqual(['blacklistedtoken 13', 'blacklistedtoken 14']);
  });

  it('reads nothing from a dump without the blacklist', () => {
    expect(readDjangoBlacklist([{ model: 'accounts.user', pk: 1, fields: {} }])).toEqual({
      tokens: [],
      outstanding: 0,
      expired: 0,
      rejected: [],
    });
  });
});

describe('readDjangoDump of a dump with the blacklist in it', () => {
  it('reads the users only: the token_blacklist rows are not users to reject', () => {
    const read = readDjangoDump(dump);
    expect(read.users.map((u) => u.pk)).toEqual([fixture.users.active, fixture.users.inactive]);
    expect(read.rejected).toEqual([]);
  });
});
