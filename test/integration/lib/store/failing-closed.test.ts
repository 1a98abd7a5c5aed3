// Fail closed: with DynamoDB Local stopped mid-run, or accepting connections and never answering,
// every endpoint answers 503 and issues or accepts no token; the client's bounds are the ones set.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable } from '../../../../lib/errors';
import { createStore, openDatabase } from '../../../../lib/store';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../../../scripts/local/dynamodb';
import { createLocalTable } from '../../../../scripts/local/table';
import { stackSettings, testContext } from '../../../support/context';
import { loadHandlers } from '../../../support/handlers';
import { newUser } from '../../../support/http';
import { captureLogs } from '../../../support/logs';

const TABLE = 'auth-api-failing-closed';
// The production bounds: two attempts of at most 1.5 s each (the suite's own stack allows more).
const BOUNDED = { TABLE_NAME: TABLE, DYNAMODB_TIMEOUT_MS: '1500' };
const UNAVAILABLE = { error: 'Service temporarily unavailable, please retry.' };

let dynamodb: RunningDynamoDb;
let api: Awaited<ReturnType<typeof loadHandlers>>;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  await createLocalTable(dynamodb.endpoint, TABLE);
  api = await loadHandlers(testContext({ ...BOUNDED, DYNAMODB_ENDPOINT: dynamodb.endpoint }));
}, 90_000);

afterAll(() => dynamodb.stop());
afterEach(() => vi.restoreAllMocks());

describe("the store's client", () => {
  it('gives each request DYNAMODB_TIMEOUT_MS and tries it twice at most; take-backs once', async () => {
    const db = openDatabase(stackSettings({ ...BOUNDED, DYNAMODB_ENDPOINT: dynamodb.endpoint }));
    expect(await db.client.config.maxAttempts()).toBe(2);
    expect(await db.unretried.config.maxAttempts()).toBe(1);
    const handler = db.client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    expect(await handler.configProvider).toMatchObject({ requestTimeout: 1500, connectionTimeout: 500, throwOnRequestTimeout: true });
  });
});

describe('with DynamoDB stopped mid-run', () => {
  it('every endpoint answers 503, with no token in sight', async () => {
    const user = newUser();
    const registered = await api.register(user);
    expect(registered.status).toBe(201);
    const { refresh, access } = registered.body.content.tokens;
    expect((await api.refresh({ refresh })).status).toBe(200);

    await dynamodb.stop();
    captureLogs();

    const attempts = {
      register: () => api.register(newUser()),
      login: () => api.login({ username: user.username, password: user.password }),
      refresh: () => api.refresh({ refresh }),
      logout: () => api.logout({ refresh_token: refresh }),
      me: () => api.me(access),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const response = await attempt();
      expect({ name, status: response.status, body: response.body }).toEqual({ name, status: 503, body: UNAVAILABLE });
    }
  }, 60_000);
});

/**
 * A server that accepts connections and never answers, at `endpoint` for the body's length; it
 * records the DynamoDB operation of every request that reaches it, retries included.
 */
async function withBlackHole(body: (endpoint: string, operations: string[]) => Promise<void>): Promise<void> {
  const { createServer } = await import('node:net');
  const operations: string[] = [];
  const sockets: import('node:net').Socket[] = [];
  const blackHole = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => operations.push(...(chunk.toString().match(/x-amz-target: \S+/gi) ?? [])));
  });
  await new Promise<void>((done) => blackHole.listen(0, '127.0.0.1', done));
  const { port } = blackHole.address() as { port: number };
  try {
    await body(`http://127.0.0.1:${port}`, operations);
  } finally {
    for (const socket of sockets) socket.destroy();
    blackHole.close();
  }
}

describe('with DynamoDB accepting connections but never answering', () => {
  it('sends a request twice, and one that must not be applied twice (take-backs) once, both failing closed', () =>
    withBlackHole(async (endpoint, requests) => {
      const db = openDatabase(stackSettings({ TABLE_NAME: TABLE, DYNAMODB_TIMEOUT_MS: '300', DYNAMODB_ENDPOINT: endpoint }));
      const update = () =>
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: 'a', sk: 'b' },
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': 1 },
        });
      await expect(db.client.send(update())).rejects.toBeInstanceOf(ServiceUnavailable);
      expect(requests).toHaveLength(2);
      requests.length = 0;
      const once = await db.unretried.send(update()).catch((error: unknown) => error);
      expect(once).toBeInstanceOf(ServiceUnavailable);
      expect((once as ServiceUnavailable).message).toBe('DynamoDB: TimeoutError');
      expect(requests).toHaveLength(1);
    }));

  it(
    'gives up (bounded timeouts and retries) and answers 503',
    () =>
      withBlackHole(async (endpoint) => {
        const settings = stackSettings({ ...BOUNDED, DYNAMODB_ENDPOINT: endpoint });
        const silent = await loadHandlers(testContext({ ...BOUNDED, DYNAMODB_ENDPOINT: endpoint }, { store: createStore(settings) }));
        captureLogs();
        const response = await silent.login({ username: 'anyone', password: 'whatever-it-is' });
        expect(response).toMatchObject({ status: 503, body: UNAVAILABLE });
      }),
    30_000,
  );
});
