// Fail closed: with DynamoDB Local stopped mid-run, every endpoint answers 503 within seconds and
// issues or accepts no token.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../../scripts/local/dynamodb';
import { createLocalTable } from '../../../scripts/local/table';
import { useStackEnv } from '../../support/env';
import { captureLogs } from '../../support/logs';
import { loadHandlers } from '../../support/handlers';
import { newUser } from '../../support/http';

let dynamodb: RunningDynamoDb;
let api: Awaited<ReturnType<typeof loadHandlers>>;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  useStackEnv({ DYNAMODB_ENDPOINT: dynamodb.endpoint, TABLE_NAME: 'auth-api-failing-closed', DYNAMODB_TIMEOUT_MS: '1500' });
  await createLocalTable('auth-api-failing-closed');
  api = await loadHandlers();
}, 90_000);

afterAll(() => dynamodb.stop());
afterEach(() => vi.restoreAllMocks());

const UNAVAILABLE = { error: 'Service temporarily unavailable, please retry.' };

describe('with DynamoDB stopped mid-run', () => {
  it('every endpoint answers 503 within a few seconds, with no token in sight', async () => {
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
      const started = Date.now();
      const response = await attempt();
      expect({ name, status: response.status, body: response.body }).toEqual({ name, status: 503, body: UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  }, 60_000);
});

describe('with DynamoDB accepting connections but never answering', () => {
  it('gives up within a few seconds (bounded timeouts and retries) and answers 503', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const blackHole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((done) => blackHole.listen(0, '127.0.0.1', done));
    const { port } = blackHole.address() as { port: number };
    try {
      useStackEnv({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, TABLE_NAME: 'auth-api-failing-closed', DYNAMODB_TIMEOUT_MS: '1500' });
      captureLogs();
      const started = Date.now();
      const response = await api.login({ username: 'anyone', password: 'whatever-it-is' });
      expect(response).toMatchObject({ status: 503, body: UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      blackHole.close();
    }
  }, 30_000);
});
