// GET /health: up, with the stage and version, without a DynamoDB request.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { version } from '../../../package.json';
import { createBaseContext } from '../../../lib/context/base';
import { stackSettings } from '../../support/context';
import { serveRoute } from '../../support/handlers';
import { httpEvent, lambdaContext } from '../../support/events';
import { get } from '../../support/http';

afterEach(() => vi.restoreAllMocks());

describe('GET /health', () => {
  it('says the service is up, in which stage and version, uncached', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', stage: 'local', version });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reads nothing from DynamoDB: it answers while no DynamoDB answers', async () => {
    // Nothing listens on the discard port: any DynamoDB request would fail, and be counted.
    const send = vi.spyOn(DynamoDBClient.prototype, 'send');
    const ctx = createBaseContext(stackSettings({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', STAGE: 'prod' }));
    const handler = serveRoute((await import('../../../functions/health')).spec as never, ctx);
    const response = await handler(httpEvent(undefined, { routeKey: 'GET /health', rawPath: '/health' }), lambdaContext());
    expect({ status: response.statusCode, body: JSON.parse(response.body) }).toEqual({
      status: 200,
      body: { status: 'ok', stage: 'prod', version },
    });
    expect(send).not.toHaveBeenCalled();
  });
});
