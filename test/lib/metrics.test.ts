// Business metrics: one EMF document per invocation that counted something, none otherwise.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useStackEnv } from '../support/env';
import { httpEvent, lambdaContext } from '../support/events';
import { captureLogs } from '../support/logs';
import { newUser } from '../support/http';

type Handler = typeof import('../../functions/login').handler;
let register: Handler;
let jwks: Handler;

afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  useStackEnv();
  ({ handler: register } = await import('../../functions/register'));
  ({ handler: jwks } = await import('../../functions/jwks'));
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
