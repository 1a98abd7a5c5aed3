// /me's handler in-process: the answers serverless offline's authorizer emulation would pre-empt.
import { beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../support/context';
import { serveRoute } from '../../support/handlers';
import type { HttpHandler } from '../../../lib/http';
import { httpEvent, lambdaContext } from '../../support/events';

let handler: HttpHandler;

beforeAll(async () => {
  handler = serveRoute((await import('../../../functions/me')).spec as never, testContext());
});

const call = (headers: Record<string, string>) => handler(httpEvent(undefined, { headers }), lambdaContext());

describe('GET /api/auth/me/ (handler)', () => {
  it('answers a request without credentials with 401, the DRF message and a Bearer challenge', async () => {
    const response = await call({});
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ error: 'Authentication credentials were not provided.' });
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer realm="api"' });
  });

  it("answers a bad token with 401 and simplejwt's message", async () => {
    const response = await call({ authorization: 'Bearer not.a.token' });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ error: 'Given token not valid for any token type' });
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer realm="api"' });
  });
});
