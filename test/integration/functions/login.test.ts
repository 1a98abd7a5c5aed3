// Contract: POST /api/auth/login/ over HTTP against the local stack.
import { describe, expect, it } from 'vitest';
import { usernameKey } from '../../../lib/users/username';
import { testContext } from '../../support/context';
import { post, registered } from '../../support/http';

const LOGIN = '/api/auth/login/';
const NO_ACCOUNT = { error: 'No active account found with the given credentials' };

describe('POST /api/auth/login/', () => {
  it('returns exactly {refresh, access} for the right password', async () => {
    const { request } = await registered();
    const response = await post(LOGIN, { username: request.username, password: request.password });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['access', 'refresh']);
    // RFC 6749 §5.1: token responses are never cached.
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('also answers without the trailing slash', async () => {
    const { request } = await registered();
    const response = await post('/api/auth/login', { username: request.username, password: request.password });
    expect(response.status).toBe(200);
  });

  it('matches the username case-insensitively and after NFKC', async () => {
    const { request } = await registered();
    const upper = await post(LOGIN, { username: request.username.toUpperCase(), password: request.password });
    expect(upper.status).toBe(200);
    const fullwidth = [...request.username].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    const compat = await post(LOGIN, { username: fullwidth, password: request.password });
    expect(compat.status).toBe(200);
  });

  it.each([
    ['username missing', { password: 'x' }, 'username'],
    ['password missing', { username: 'x' }, 'password'],
    ['username not a string', { username: true, password: 'x' }, 'username'],
    ['password null', { username: 'x', password: null }, 'password'],
  ])('refuses %s with 400', async (_, body, field) => {
    const response = await post(LOGIN, body);
    expect(response.status).toBe(400);
    expect(typeof response.body.error).toBe('string');
    expect(Object.keys(response.body.fields)).toEqual([field]);
  });

  it('refuses a wrong password with 401', async () => {
    const { request } = await registered();
    const response = await post(LOGIN, { username: request.username, password: `${request.password}!` });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(NO_ACCOUNT);
  });

  it('refuses an unknown user with the same 401', async () => {
    const response = await post(LOGIN, { username: 'nobody-by-this-name', password: 'tangerine-Kettle-47' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(NO_ACCOUNT);
  });

  it('refuses a username that could never exist with the same 401', async () => {
    const response = await post(LOGIN, { username: 'spaces are not allowed', password: 'tangerine-Kettle-47' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(NO_ACCOUNT);
  });

  it('refuses an inactive user with the same 401, even with the right password', async () => {
    const { request, content } = await registered();
    await testContext().store.users.setUserActive(content.pk, usernameKey(request.username), false);
    const response = await post(LOGIN, { username: request.username, password: request.password });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(NO_ACCOUNT);
  });

  it('never lets two passwords that differ only after byte 72 both log in', async () => {
    const prefix = 'Ω'.repeat(36); // 72 bytes of UTF-8
    const { request } = await registered({ password: `${prefix}first-suffix` });
    const other = await post(LOGIN, { username: request.username, password: `${prefix}other-suffix` });
    expect(other.status).toBe(401);
    const right = await post(LOGIN, { username: request.username, password: request.password });
    expect(right.status).toBe(200);
  });
});
