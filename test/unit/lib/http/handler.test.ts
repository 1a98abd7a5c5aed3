// The middy stack in-process: body parsing, validation, and the mapping of errors to responses.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../../lib/config';
import { createBaseContext } from '../../../../lib/context/base';
import { type AuthError, ErrorCode, InvalidCredentials, ServiceUnavailable, TokenInvalid } from '../../../../lib/errors';
import { httpHandler } from '../../../../lib/http';
import { string } from '../../../../lib/validation';
import { httpEvent, lambdaContext } from '../../../support/events';
import { captureLogs } from '../../../support/logs';

// A unit test: the handler's context is settings, a log and metrics; no table, no keys.
const ctx = createBaseContext(loadConfig({ JWT_SIGNING_KEYS_PARAMETER: '/unused', LOG_LEVEL: 'debug' }));
const context = () => ctx;
afterEach(() => vi.restoreAllMocks());

const echo = httpHandler(context, { input: { name: string() }, run: async (_ctx, input) => ({ hello: input.name }) });
const call = (handler: typeof echo, body: string | undefined, extra = {}) => handler(httpEvent(body, extra), lambdaContext());
const parse = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

describe('httpHandler', () => {
  it('runs the use case on the validated body and answers JSON', async () => {
    const response = await call(echo, '{"name":"ada","ignored":true}');
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(parse(response)).toEqual({ hello: 'ada' });
  });

  it('refuses a body without a Content-Type with 415', async () => {
    const response = await call(echo, '{"name":"ada"}', { headers: {} });
    expect(response.statusCode).toBe(415);
  });

  it('refuses a bare JSON string body', async () => {
    const response = await call(echo, '"ada"');
    expect(response.statusCode).toBe(400);
    expect(parse(response)).toEqual({ error: 'Request body must be a JSON object.' });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const body = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]).toString('base64');
    const response = await call(echo, body, { isBase64Encoded: true });
    expect(response.statusCode).toBe(400);
  });

  it('decodes a base64-encoded body exactly once', async () => {
    const once = Buffer.from('{"name":"ada"}').toString('base64');
    expect(parse(await call(echo, once, { isBase64Encoded: true }))).toEqual({ hello: 'ada' });
    // Twice-encoded is just a string that is not JSON: it must not be decoded again.
    const twice = Buffer.from(once).toString('base64');
    expect((await call(echo, twice, { isBase64Encoded: true })).statusCode).toBe(400);
  });

  it('measures the 16 KB limit on the decoded body', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(16 * 1024) });
    const response = await call(echo, Buffer.from(body).toString('base64'), { isBase64Encoded: true });
    expect(response.statusCode).toBe(413);
  });

  it('maps error codes to statuses, with per-route overrides', async () => {
    const failing = (error: AuthError, errors = {}) => httpHandler(context, { input: {}, run: async () => Promise.reject(error), errors });
    expect((await call(failing(new InvalidCredentials()), '{}')).statusCode).toBe(401);
    expect(parse(await call(failing(new TokenInvalid('x')), '{}'))).toEqual({ error: 'Token is invalid or expired' });
    expect((await call(failing(new ServiceUnavailable('x')), '{}')).statusCode).toBe(503);
    const overridden = failing(new TokenInvalid('x'), { [ErrorCode.TokenInvalid]: { status: 400, message: 'Nope.' } });
    const response = await call(overridden, '{}');
    expect(response.statusCode).toBe(400);
    expect(parse(response)).toEqual({ error: 'Nope.' });
  });

  it("shows a client only an error's public message: its reason and cause go to the log", async () => {
    const logs = captureLogs();
    const cause = new Error('kid rotated-2026 not in the key ring');
    const refused = httpHandler(context, {
      input: {},
      run: async () => Promise.reject(new TokenInvalid('signature did not verify with kid rotated-2026', { cause })),
      // An override that keeps the code's status but names no wording of its own.
      errors: { [ErrorCode.TokenInvalid]: { status: 401 } },
    });
    const response = await call(refused, '{}');
    vi.restoreAllMocks();
    expect(response.statusCode).toBe(401);
    expect(parse(response)).toEqual({ error: 'Token is invalid or expired' });
    expect(response.body).not.toMatch(/kid|signature|rotated/);
    const [line] = logs().filter((l) => l.message === 'request refused');
    expect(line).toMatchObject({
      code: ErrorCode.TokenInvalid,
      status: 401,
      reason: 'signature did not verify with kid rotated-2026',
      cause: 'kid rotated-2026 not in the key ring',
    });
  });

  it('answers an unexpected error with a bare 500 and logs it with the request id', async () => {
    const logs = captureLogs();
    const broken = httpHandler(context, { input: {}, run: async () => Promise.reject(new Error('secret internals at /var/task')) });
    const response = await broken(httpEvent('{}'), lambdaContext('req-123'));
    vi.restoreAllMocks();
    expect(response.statusCode).toBe(500);
    expect(parse(response)).toEqual({ error: 'Internal server error' });
    expect(response.body).not.toContain('secret');
    const errors = logs().filter((line) => line.level === 'ERROR');
    expect(errors).toHaveLength(1);
    const line = errors[0]!;
    // The Lambda request id twice: ours, and the one Powertools adds from the context.
    expect(line).toMatchObject({ requestId: 'req-123', function_request_id: 'req-123', apiRequestId: 'api-request-id', stage: 'local' });
    expect(line.error.message).toBe('secret internals at /var/task');
    expect(line.error.stack).toContain('Error');
  });

  it('answers every request of a misconfigured function with the JSON 500, and logs every problem', async () => {
    const logs = captureLogs();
    // As a function's own context is built, from an environment with bad values.
    const fromBadEnvironment = () =>
      createBaseContext(loadConfig({ JWT_SIGNING_KEYS_PARAMETER: '/unused', BCRYPT_COST: '99', LOGIN_MAX_FAILURES: 'many' }));
    const misconfigured = httpHandler(fromBadEnvironment, { input: { name: string() }, run: async () => ({}) });
    const response = await call(misconfigured, '{"name":"x"}');
    vi.restoreAllMocks();
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(parse(response)).toEqual({ error: 'Internal server error' });
    const [line] = logs().filter((l) => l.level === 'ERROR');
    expect(line).toMatchObject({ message: 'invalid configuration', requestId: 'lambda-request-id' });
    expect(line!.error.message).toMatch(/BCRYPT_COST must be an integer from 4 to 15, got "99".*LOGIN_MAX_FAILURES/);
  });
});
