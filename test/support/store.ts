// Builds sessions and token records directly in DynamoDB Local, for store-level tests.
import { newSessionId } from '../../lib/auth/session-id';
import type { RefreshTokenRecord } from '../../lib/domain/session';
import type { NewUser } from '../../lib/domain/user';
import type { Store } from '../../lib/store';

let n = 0;
const unique = () => `${process.pid}x${Date.now()}x${(n += 1)}`;

export function tokenRecord(userId: number, sid: string): RefreshTokenRecord {
  return { jti: `jti${unique()}`, user_id: userId, sid, issued_at: 100, expires_at: 4_000_000_000 };
}

/** A user record as registration writes it, named `name` (unique per call by default). */
export function storedUser(id: number, overrides: Partial<NewUser> = {}, name = `user${unique()}`): NewUser {
  return {
    id,
    username: name,
    email: `${name}@example.com`,
    first_name: '',
    last_name: '',
    profile_image: null,
    is_active: true,
    date_joined: new Date().toISOString(),
    username_key: name,
    email_key: `${name}@example.com`,
    password_hash: 'x',
    ...overrides,
  };
}

/** A registered user with one live session; returns what the tests need to address them. */
export async function userWithSession(store: Store, createdMs = Date.now()) {
  const id = await store.users.allocateUserId();
  const name = `sess${unique()}`;
  const sid = newSessionId(createdMs);
  const token = tokenRecord(id, sid);
  const outcome = await store.users.registerUser(storedUser(id, {}, name), token);
  if (!outcome.created) throw new Error('test user not created');
  return { userId: id, sid, token, ref: { userId: id, jti: token.jti, sid, createdMs, expiresAt: token.expires_at } };
}

/** A second session (another login) of the same user. */
export async function anotherSession(store: Store, userId: number, createdMs = Date.now()) {
  const sid = newSessionId(createdMs);
  const token = tokenRecord(userId, sid);
  await store.sessions.startSession(token);
  return { sid, token, ref: { userId, jti: token.jti, sid, createdMs, expiresAt: token.expires_at } };
}
