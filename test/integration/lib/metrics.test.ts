// Business metrics: one EMF document per invocation that counted something, none otherwise.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpHandler } from '../../../lib/http';
import { testContext } from '../../support/context';
import { serveRoute } from '../../support/handlers';
import { httpEvent, lambdaContext } from '../../support/events';
import { captureLogs } from '../../support/logs';
import { newUser } from '../../support/http';

type Handler = HttpHandler;
let register: Handler;
let jwks: Handler;

afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  // LOG_LEVEL info: the suite's default (warn) is for the log, not for what metrics publish.
  const ctx = testContext({ LOG_LEVEL: 'info' });
  register = serveRoute((await import('../../../functions/register')).spec as never, ctx);
  jwks = serveRoute((await import('../../../functions/jwks')).spec as never, ctx);
});

const emf = (lines: Record<string, any>[]) => lines.filter((line) => line._aws?.CloudWatchMetrics);

describe('metrics', () => {
  it('a registration publishes Registered=1 in the AuthApi namespace, by stage', async () => {
    const logs = captureLogs();
    const response = await register(httpEvent(JSON.stringify(newUser())), lambdaContext());
    const documents = emf(logs());
    expect(response.statusCode).toBe(201);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ Registered: 1, stage: 'local', service: 'auth-api' });
    expect(documents[0]!._aws.CloudWatchMetrics[0].Namespace).toBe('AuthApi');
  });

  it('an invocation that counted nothing publishes nothing and warns of nothing', async () => {
    const logs = captureLogs();
    await jwks(httpEvent(undefined), lambdaContext());
    expect(logs()).toEqual([]);
  });
});
