// PATCH and PUT /api/auth/me/ over HTTP: the bearer edits names and username (registration's
// rules and uniqueness); nothing else is ever written.
import { describe, expect, it } from 'vitest';
import { call, get, post, registered, newUser } from '../../support/http';

const ME = '/api/auth/me/';
const patch = (access: string, body: unknown) => call('PATCH', ME, { bearer: access, body });
const put = (access: string, body: unknown) => call('PUT', ME, { bearer: access, body });
const me = (access: string) => get(ME, { headers: { authorization: `Bearer ${access}` } });
const loginStatus = async (username: string, password: string) => (await post('/api/auth/login/', { username, password })).status;

describe('PATCH /api/auth/me/', () => {
  it('sets the names given, keeps the others, and answers the profile as GET shows it', async () => {
    const { content } = await registered();
    const response = await patch(content.tokens.access, { last_name: 'King' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ pk: content.pk, first_name: 'Ada', last_name: 'King', profile_image: null });
    expect((await me(content.tokens.access)).body).toEqual(response.body);
    const blanked = await patch(content.tokens.access, { first_name: '  ' });
    expect(blanked.body).toMatchObject({ first_name: '', last_name: 'King' });
  });

  it('moves the username: the new name logs in at once, the old one no longer does and is free to register', async () => {
    const { request, content } = await registered();
    const renamed = newUser().username;
    const response = await patch(content.tokens.access, { username: renamed, first_name: 'Augusta' });
    expect(response).toMatchObject({ status: 200, body: { username: renamed, first_name: 'Augusta', email: request.email } });
    expect(await loginStatus(renamed, request.password)).toBe(200);
    expect(await loginStatus(request.username, request.password)).toBe(401);
    const reuse = await post('/api/auth/register/', { ...newUser(), username: request.username });
    expect(reuse.status).toBe(201);
    // The sessions that existed keep working: a rename is not a logout.
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(200);
  });

  it('changes only the case of the username in place, and sending the same name again changes nothing', async () => {
    const { request, content } = await registered();
    const upper = request.username.toUpperCase();
    expect(await patch(content.tokens.access, { username: upper })).toMatchObject({ status: 200, body: { username: upper } });
    expect(await loginStatus(request.username, request.password)).toBe(200);
    expect(await patch(content.tokens.access, { username: upper })).toMatchObject({ status: 200, body: { username: upper } });
  });

  it("refuses another account's username, in any case, with registration's message", async () => {
    const other = await registered();
    const { content } = await registered();
    const response = await patch(content.tokens.access, { username: other.request.username.toUpperCase() });
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: 'username: A user with that username already exists.',
        fields: { username: ['A user with that username already exists.'] },
      },
    });
    expect(await loginStatus(other.request.username, other.request.password)).toBe(200);
  });

  it.each([
    ['characters Django refuses', { username: 'ada lovelace' }, 'username'],
    ['mixed scripts (a Cyrillic а)', { username: 'аdmin' }, 'username'],
    ['a blank username', { username: '' }, 'username'],
    ['a username over 150 characters', { username: 'a'.repeat(151) }, 'username'],
    ['a name with a bidi override', { first_name: 'Ada\u202Eevil' }, 'first_name'],
    ['a name over 150 characters', { last_name: 'x'.repeat(151) }, 'last_name'],
    ['a name that is not text', { last_name: { x: 1 } }, 'last_name'],
    ['a null name', { first_name: null }, 'first_name'],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_, body, field) => {
    const { content } = await registered();
    const before = (await me(content.tokens.access)).body;
    const response = await patch(content.tokens.access, { last_name: 'Changed', ...body });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields)).toContain(field);
    expect((await me(content.tokens.access)).body).toEqual(before);
  });

  it('never sets email, pk, is_active, email_verified or unknown fields (ignored, as dj-rest-auth does)', async () => {
    const { request, content } = await registered();
    const response = await patch(content.tokens.access, {
      email: 'attacker@example.com',
      pk: 1,
      id: 1,
      is_active: false,
      email_verified: true,
      password_hash: 'x',
      profile_image: 'https://evil.example/x.png',
      is_staff: true,
      first_name: 'Still',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      pk: content.pk,
      username: request.username,
      email: request.email,
      first_name: 'Still',
      last_name: request.last_name,
      profile_image: null,
      email_verified: false,
    });
    expect(await loginStatus(request.username, request.password)).toBe(200);
  });

  it('refuses a missing or refresh-typed token with 401, and a body that is not JSON with 415', async () => {
    const { content } = await registered();
    expect((await call('PATCH', ME, { body: { first_name: 'X' } })).status).toBe(401);
    expect((await patch(content.tokens.refresh, { first_name: 'X' })).status).toBe(401);
    const form = await call('PATCH', ME, {
      bearer: content.tokens.access,
      body: 'first_name=X',
      raw: true,
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
    expect((await me(content.tokens.access)).body.first_name).toBe('Ada');
  });
});

describe('PUT /api/auth/me/', () => {
  it('requires the username (a full update, as DRF), keeps names left out', async () => {
    const { request, content } = await registered();
    const missing = await put(content.tokens.access, { first_name: 'X' });
    expect(missing).toMatchObject({ status: 400, body: { fields: { username: ['This field is required.'] } } });
    const response = await put(content.tokens.access, { username: request.username, last_name: 'Byron' });
    expect(response).toMatchObject({ status: 200, body: { username: request.username, first_name: 'Ada', last_name: 'Byron' } });
  });
});

describe('renames racing over HTTP', () => {
  it(
    '5 users taking one free name at once: one 200, four 400, and only the winner logs in with it (20 in test/integration/lib/auth/profile-edit.test.ts)',
    { timeout: 60_000 },
    async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => registered()));
      const wanted = newUser().username;
      const answers = await Promise.all(users.map(({ content }) => patch(content.tokens.access, { username: wanted })));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 400)).toHaveLength(4);
      const winner = users[answers.findIndex((a) => a.status === 200)]!;
      expect(await loginStatus(wanted, winner.request.password)).toBe(200);
      for (const user of users) if (user !== winner) expect(await loginStatus(user.request.username, user.request.password)).toBe(200);
    },
  );
});
