// Contract rows that hold for every endpoint: malformed bodies, oversized bodies, JSON error shape.
import { describe, expect, it } from 'vitest';
import { post } from '../../support/http';

const ENDPOINTS = ['register', 'login', 'refresh', 'logout'].map((name) => `/api/auth/${name}/`);

describe.each(ENDPOINTS)('POST %s', (path) => {
  it.each([
    ['not JSON', 'garbage', 'Request body is not valid JSON.'],
    ['a JSON array', '[1, 2]', 'Request body must be a JSON object.'],
    // (A bare JSON string is covered in test/lib/http: serverless offline unwraps it before the handler.)
    ['a JSON boolean', 'true', 'Request body must be a JSON object.'],
    ['JSON null', 'null', 'Request body must be a JSON object.'],
    ['empty', '', 'Request body must be a JSON object.'],
  ])('refuses a body that is %s with 400 and a JSON error', async (_, raw, message) => {
    const response = await post(path, raw, { raw: true });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: message });
  });

  it.each([
    ['text/plain', '{"username":"a","password":"b"}'],
    ['application/x-www-form-urlencoded', 'username=a&password=b'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/json; charset=latin1', '{}'],
  ])('refuses Content-Type %s with 415 (no login CSRF through simple forms)', async (type, raw) => {
    const response = await post(path, raw, { raw: true, headers: { 'content-type': type } });
    expect(response.status).toBe(415);
    expect(response.body).toEqual({ error: 'Unsupported media type: send Content-Type: application/json.' });
  });

  it('accepts application/json with charset utf-8 (it is then judged on its fields)', async () => {
    const response = await post(path, {}, { headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(response.status).toBe(400);
  });

  it('refuses a body over 16 KB with 413', async () => {
    const response = await post(path, { padding: 'x'.repeat(16 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: 'Request body must not exceed 16384 bytes.' });
  });

  it('accepts a body of exactly 16 KB (it is then judged on its fields)', async () => {
    const filler = 16 * 1024 - JSON.stringify({ padding: '' }).length;
    const response = await post(path, { padding: 'x'.repeat(filler) });
    expect(response.status).toBe(400);
    expect(typeof response.body.error).toBe('string');
  });
});
