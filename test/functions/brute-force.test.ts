// Brute force over HTTP: a locked account answers 429 with Retry-After, even to the right password,
// and an unknown username behaves exactly the same.
import { describe, expect, it } from 'vitest';
import { newUser, post, registered } from '../support/http';

const LOGIN = '/api/auth/login/';

async function fail5Times(username: string) {
  for (let i = 0; i < 5; i += 1) expect((await post(LOGIN, { username, password: 'not-the-password' })).status).toBe(401);
}

function expectLocked(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.body.error).toMatch(/^Too many failed login attempts\. Try again in \d+ seconds\.$/);
}

describe('login brute force', () => {
  it('locks an account after 5 failures: 429 with Retry-After, even with the right password', async () => {
    const { request } = await registered();
    await fail5Times(request.username);
    expectLocked(await post(LOGIN, { username: request.username, password: request.password }));
  });

  it('treats an unknown username exactly the same', async () => {
    const { username } = newUser();
    await fail5Times(username);
    expectLocked(await post(LOGIN, { username, password: 'not-the-password' }));
  });

  it('locks only that account', async () => {
    const locked = await registered();
    const other = await registered();
    await fail5Times(locked.request.username);
    expect((await post(LOGIN, { username: other.request.username, password: other.request.password })).status).toBe(200);
  });
});
