// scripts/local/serverless-plugin.cjs under serverless offline: a function that throws or times out
// answers 500 JSON as API Gateway's HTTP API does, never 200 with the error as its body.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startOffline, type RunningOffline } from '../../../../scripts/local/offline';
import { freePort } from '../../../../scripts/local/ports';

const ROOT = resolve(__dirname, '../../../..');
const running: RunningOffline[] = [];
const buildDirs: string[] = [];

afterAll(async () => {
  for (const offline of running) await offline.stop();
  for (const dir of buildDirs) rmSync(join(ROOT, dir), { recursive: true, force: true });
}, 60_000);

async function offlineWith(env: Record<string, string>, extraArgs: string[] = []) {
  const port = await freePort();
  const buildDir = `.esbuild-plugin-${process.pid}-${port}`;
  buildDirs.push(buildDir);
  const offline = await startOffline({
    httpPort: port,
    lambdaPort: await freePort(),
    stage: 'local',
    env: { ...process.env, ...inject('stackEnv'), LOG_LEVEL: 'info', ESBUILD_WORK_FOLDER: buildDir, ...env },
    showOutput: false,
    extraArgs,
  });
  running.push(offline);
  return { url: `http://localhost:${port}`, offline, buildDir };
}

async function read(response: Response) {
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

const AS_API_GATEWAY = {
  status: 500,
  contentType: expect.stringMatching(/^application\/json/),
  body: { message: 'Internal Server Error' },
};

describe('serverless offline with the local stack plugin', () => {
  it('answers 500 JSON when a function throws as it loads, and logs why', { timeout: 180_000 }, async () => {
    const { url, offline, buildDir } = await offlineWith({});
    // A bug at load, as a developer's edit can make one: the built jwks bundle throws when required.
    const bundle = join(ROOT, buildDir, '.build/functions/jwks.js');
    expect(existsSync(bundle)).toBe(true);
    writeFileSync(bundle, "throw new Error('a bug at load');\n");
    expect(await read(await fetch(`${url}/.well-known/jwks.json`))).toEqual(AS_API_GATEWAY);
    expect(offline.output()).toMatch(/λ auth-api-local-jwks failed \(a bug at load\): answered 500/);
    // The other functions are not affected.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('answers 500 JSON when a function times out (DynamoDB that never answers, a 3 s timeout)', { timeout: 180_000 }, async () => {
    const sockets: Socket[] = [];
    const blackHole = createServer((socket) => sockets.push(socket));
    const port = await new Promise<number>((done) =>
      blackHole.listen(0, '127.0.0.1', () => done((blackHole.address() as { port: number }).port)),
    );
    try {
      // The SDK's own timeout is set past the function's, so that the function times out first; the
      // function's timeout leaves a cold jwks, below, time to start on a busy machine (with 1 s, one
      // full run's jwks timed out too).
      const { url, offline } = await offlineWith({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, DYNAMODB_TIMEOUT_MS: '10000' }, [
        '--param',
        'timeout=3',
      ]);
      const response = await fetch(`${url}/api/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'nobody', password: 'tangerine-Kettle-47' }),
      });
      expect(await read(response)).toEqual(AS_API_GATEWAY);
      expect(offline.output()).toContain('λ auth-api-local-login timed out: answered 500');
      // A function that does not time out still answers normally.
      expect((await fetch(`${url}/.well-known/jwks.json`)).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      blackHole.close();
    }
  });
});
