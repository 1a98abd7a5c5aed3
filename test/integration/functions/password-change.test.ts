// Contract: POST /api/auth/password/change/ over HTTP against the local stack.
import { describe, expect, it } from 'vitest';
import { call, post, registered } from '../../support/http';
import { CHANGED_SUBJECT, waitForMails } from '../../support/inbox';

const CHANGE = '/api/auth/password/change/';
const NEW_PASSWORD = 'marmalade-Orbit-93';
const bearer = (access: string) => ({ headers: { authorization: `Bearer ${access}` } });
const change = (old_password: string, password = NEW_PASSWORD) => ({ old_password, new_password1: password, new_password2: password });

describe('POST /api/auth/password/change/', () => {
  it("saves the new password, keeps the caller's session, ends every other one, and mails a notice", async () => {
    const { request, content } = await registered();
    const other = await post('/api/auth/login/', { username: request.username, password: request.password });
    const response = await post(CHANGE, change(request.password), bearer(content.tokens.access));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ detail: 'New password has been saved.' });
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(200);
    expect((await post('/api/auth/refresh/', { refresh: other.body.refresh })).status).toBe(401);
    expect((await post('/api/auth/login/', { username: request.username, password: request.password })).status).toBe(401);
    expect((await post('/api/auth/login/', { username: request.username, password: NEW_PASSWORD })).status).toBe(200);
    await waitForMails(request.email, 1, CHANGED_SUBJECT);
  });

  it('lists the kept session only afterwards, and that one can still be ended', async () => {
    const { request, content } = await registered();
    await post('/api/auth/login/', { username: request.username, password: request.password });
    expect((await post(CHANGE, change(request.password), bearer(content.tokens.access))).status).toBe(200);
    const listed = await call('GET', '/api/auth/sessions/', { bearer: content.tokens.access });
    expect(listed.status).toBe(200);
    expect(listed.body.results).toHaveLength(1);
    expect(listed.body.results[0].current).toBe(true);
    const ended = await call('DELETE', `/api/auth/sessions/${listed.body.results[0].sid}/`, { bearer: content.tokens.access });
    expect(ended.status).toBe(204);
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(401);
  });

  it('logout everywhere from the kept session still ends it', async () => {
    const { request, content } = await registered();
    expect((await post(CHANGE, change(request.password), bearer(content.tokens.access))).status).toBe(200);
    expect((await post('/api/auth/logout/', { refresh_token: content.tokens.refresh, all: true })).status).toBe(200);
    expect((await post('/api/auth/refresh/', { refresh: content.tokens.refresh })).status).toBe(401);
  });

  it('refuses a wrong old password with its field, and changes nothing', async () => {
    const { request, content } = await registered();
    const response = await post(CHANGE, change('not-my-Password-1'), bearer(content.tokens.access));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ old_password: ['Your old password was entered incorrectly. Please enter it again.'] });
    expect((await post('/api/auth/login/', { username: request.username, password: request.password })).status).toBe(200);
  });

  it("refuses passwords that differ or fail registration's policy", async () => {
    const { request, content } = await registered();
    const differ = await post(
      CHANGE,
      { old_password: request.password, new_password1: NEW_PASSWORD, new_password2: 'x' },
      bearer(content.tokens.access),
    );
    expect(differ.body.fields).toEqual({ new_password2: ['The two password fields didn’t match.'] });
    const short = await post(CHANGE, change(request.password, 'Ab1!'), bearer(content.tokens.access));
    expect(short.body.fields.new_password2).toContain('This password is too short. It must contain at least 8 characters.');
  });

  it('answers 401 without a bearer, with a refresh token, or with a garbled one', async () => {
    const { request, content } = await registered();
    for (const options of [{}, bearer(content.tokens.refresh), bearer('not.a.token')]) {
      const response = await post(CHANGE, change(request.password), options);
      expect(response.status).toBe(401);
    }
  });

  it('rations old-password guesses per account: the 11th try within the hour is refused with 429', async () => {
    const { request, content } = await registered();
    for (let i = 0; i < 10; i += 1)
      expect((await post(CHANGE, change(`wrong-Guess-${i}x`), bearer(content.tokens.access))).status).toBe(400);
    const refused = await post(CHANGE, change(request.password), bearer(content.tokens.access));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
