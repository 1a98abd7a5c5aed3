import { describe, expect, it } from 'vitest';
import { readAllauthAddresses, withVerifiedEmails } from '../../../../lib/migration/allauth-emails';
import type { DjangoUser } from '../../../../lib/migration/django-users';

const user = (pk: number, email: string) => ({ pk, email, email_key: email === '' ? undefined : email.toLowerCase() }) as DjangoUser;
const row = (pk: number, fields: Record<string, unknown>) => ({ model: 'account.emailaddress', pk, fields });

describe("allauth's account.EmailAddress rows", () => {
  it('verify a user only for their own address, in any case, and only when the row says verified', () => {
    const addresses = readAllauthAddresses([
      row(1, { user: 3, email: 'ADA@example.com', verified: true, primary: true }),
      row(2, { user: 7, email: 'grace@example.com', verified: false, primary: true }),
      row(3, { user: 12, email: 'someone-else@example.com', verified: true, primary: false }),
      row(4, { user: 3, email: 'linus@example.com', verified: true, primary: false }),
    ]);
    const users = withVerifiedEmails(
      [user(3, 'ada@example.com'), user(7, 'grace@example.com'), user(12, 'linus@example.com'), user(13, '')],
      addresses,
    );
    expect(users.map((u) => [u.pk, u.email_verified])).toEqual([
      [3, true],
      [7, false],
      [12, false],
      [13, false],
    ]);
    expect(addresses.rejected).toEqual([]);
  });

  it('reports rows that are not emailaddress rows, or lack a user pk or a valid address', () => {
    const { rejected, verified } = readAllauthAddresses([
      { model: 'accounts.user', pk: 3, fields: {} },
      row(5, { user: '3', email: 'a@example.com', verified: true }),
      row(6, { user: 3, email: 'not an address', verified: true }),
    ]);
    expect(rejected.map((r) => r.pk)).toEqual([3, 5, 6]);
    expect(verified.size).toBe(0);
    expect(() => readAllauthAddresses({})).toThrow(/not a dumpdata file/);
  });
});
