// The user store against DynamoDB Local: atomic registration, unique ids, no partial records.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { NewUser } from '../../../../lib/domain/user';
import { keys } from '../../../../lib/store/keys';
import { userStore } from '../../../../lib/store/users';
import { newSessionId } from '../../../../lib/auth/session-id';
import { testDb } from '../../../support/context';
import { storedUser } from '../../../support/store';

const db = testDb();
const { allocateUserId, registerUser, findLoginItem, setUserActive } = userStore(db);

let n = 0;
async function newUser(overrides: Partial<NewUser> = {}): Promise<NewUser> {
  n += 1;
  return storedUser(await allocateUserId(), { password_hash: 'bcrypt_sha256$x', ...overrides }, `store${process.pid}x${Date.now()}x${n}`);
}

const sids = new Map<number, string>();
const sidFor = (user: NewUser) => sids.get(user.id) ?? sids.set(user.id, newSessionId()).get(user.id)!;
const tokenFor = (user: NewUser) => ({
  jti: `jti${user.id}`,
  user_id: user.id,
  sid: sidFor(user),
  issued_at: 1,
  expires_at: 4_000_000_000,
});
const exists = async (key: { pk: string; sk: string }) =>
  (await db.client.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }))).Item !== undefined;

describe('allocateUserId', () => {
  it('hands out distinct positive integers under concurrency', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => allocateUserId()));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(Number.isInteger(id) && id > 0).toBe(true);
  });
});

describe('registerUser', () => {
  it("writes the profile, both markers (login item) and the first session's refresh token, and no session item yet", async () => {
    const user = await newUser();
    expect(await registerUser(user, tokenFor(user))).toEqual({ created: true });
    expect(await exists(keys.user(user.id))).toBe(true);
    expect(await exists(keys.email(user.email_key))).toBe(true);
    expect(await exists(keys.refreshToken(user.id, `jti${user.id}`))).toBe(true);
    // The session's item is written only when its family first changes (rotation, logout).
    expect(await exists(keys.session(user.id, sidFor(user)))).toBe(false);
    expect(await findLoginItem(user.username_key)).toEqual({
      user_id: user.id,
      password_hash: 'bcrypt_sha256$x',
      is_active: true,
      email_verified: false,
    });
  });

  it('on a taken username writes nothing at all, not even the free email marker, and names the field', async () => {
    const first = await newUser();
    await registerUser(first, tokenFor(first));
    const second = await newUser({ username_key: first.username_key });
    expect(await registerUser(second, tokenFor(second))).toEqual({ created: false, taken: ['username'] });
    expect(await exists(keys.user(second.id))).toBe(false);
    expect(await exists(keys.email(second.email_key))).toBe(false);
    expect(await exists(keys.refreshToken(second.id, `jti${second.id}`))).toBe(false);
  });

  it('reports an earlier try of the same request that committed as created, not as a taken username', async () => {
    const user = await newUser();
    const token = tokenFor(user);
    expect(await registerUser(user, token)).toEqual({ created: true });
    expect(await registerUser(user, token)).toEqual({ created: true });
    const other = await newUser({ username_key: user.username_key });
    expect(await registerUser(other, tokenFor(other))).toEqual({ created: false, taken: ['username'] });
  });

  it('lets exactly one of 8 concurrent registrations of one email commit', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const shared = users[0]!.email_key;
    const outcomes = await Promise.all(users.map((u) => registerUser({ ...u, email_key: shared }, tokenFor(u))));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    // Every loser learns the email was taken. (DynamoDB Local may also name the username when a
    // loser's first try met a transaction in flight, so only the email is asserted.)
    const losers = outcomes.filter((o) => !o.created);
    expect(losers).toHaveLength(7);
    for (const loser of losers) expect(loser.taken).toContain('email');
    const profiles = await Promise.all(users.map((u) => exists(keys.user(u.id))));
    expect(profiles.filter(Boolean)).toHaveLength(1);
  });
});

describe('setUserActive', () => {
  it('flips the flag that login reads', async () => {
    const user = await newUser();
    await registerUser(user, tokenFor(user));
    expect(await setUserActive(user.id, user.username_key, false)).toBe('done');
    expect((await findLoginItem(user.username_key))?.is_active).toBe(false);
  });

  it('says so for a user that does not exist, and writes nothing', async () => {
    expect(await setUserActive(999_999_999, `nobody${Date.now()}`, false)).toBe('no_such_user');
    expect(await exists(keys.user(999_999_999))).toBe(false);
  });
});
