// npm run smoke against the local stack: the contract end to end, as against a deployed stage.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const smoke = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/smoke.ts', ...args], {
    cwd: ROOT,
    timeout: 60_000,
  });

describe('npm run smoke', () => {
  it('passes every step against the local stack', async () => {
    const { stdout } = await smoke(inject('baseUrl'));
    for (const step of ['register → 201', 'login → 200', 'refresh → 200', 'logout → 200', 'refresh after logout is refused → 401']) {
      expect(stdout).toContain(`✓ ${step}`);
    }
    // The user it registered is erased (DELETE /api/auth/me/): nothing of it is left behind.
    expect(stdout).toMatch(/✓ the smoke user smoke_[0-9a-f]{12} is deleted → 204/);
    expect(stdout).toContain('smoke test passed');
  });

  it('deletes its user with DELETE /api/auth/me/, the bearer and the current password', async () => {
    const deletions: { authorization?: string; body: Record<string, string> }[] = [];
    const { stdout } = await smoke(await withDeletion(deletions, (response) => response.writeHead(204).end()));
    expect(stdout).toMatch(/✓ the smoke user smoke_[0-9a-f]{12} is deleted → 204/);
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.authorization).toMatch(/^Bearer eyJ/);
    expect(Object.keys(deletions[0]!.body)).toEqual(['current_password']);
  });

  it('fails when the API refuses to delete its user, after every contract step passed', async () => {
    const deletions: { authorization?: string; body: Record<string, string> }[] = [];
    const url = await withDeletion(deletions, (response) =>
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"current_password": ["Invalid password."]}'),
    );
    const failure = (await smoke(url).catch((error: unknown) => error)) as { code: number; stdout: string; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('✓ refresh after logout is refused → 401');
    expect(failure.stderr).toMatch(/✗ deleting the smoke user smoke_[0-9a-f]{12}: expected 204, got 400/);
    expect(deletions).toHaveLength(1);
  });

  it('fails, naming the step, when the API does not keep the contract', async () => {
    // An API that forgets logout: the refresh token still works afterwards.
    let loggedOut = false;
    const url = await relayed((request, response) => {
      if (request.url === '/api/auth/logout/') loggedOut = true;
      if (!(loggedOut && request.url === '/api/auth/refresh/')) return false;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"access": "a.b.c"}');
      return true;
    });
    const failure = (await smoke(url).catch((error: unknown) => error)) as { code: number; stdout: string; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('✓ logout → 200');
    expect(failure.stderr).toMatch(/✗ refresh after logout is refused \(\d+ ms\): expected 401, got 200/);
    expect(failure.stdout).not.toContain('smoke test passed');
  });

  it('fails, saying it could not run, when nothing answers', async () => {
    const failure = await smoke('http://127.0.0.1:9').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('smoke test could not run');
  });

  it('explains its usage without a URL', async () => {
    const failure = await smoke().catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
  });
});

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

type Override = (request: IncomingMessage, response: ServerResponse, body: string) => boolean;

/**
 * The local stack's API with its account deletion answered by the test: the contract's routes are
 * passed on to the stack, DELETE /api/auth/me/ is recorded and answered by `answer`.
 */
function withDeletion(deletions: { authorization?: string; body: Record<string, string> }[], answer: (response: ServerResponse) => void) {
  return relayed((request, response, body) => {
    if (!(request.method === 'DELETE' && request.url === '/api/auth/me/')) return false;
    deletions.push({ authorization: request.headers.authorization, body: JSON.parse(body) as Record<string, string> });
    answer(response);
    return true;
  });
}

/** A proxy to the local stack in which `override` may answer a request itself (returning true). */
async function relayed(override: Override): Promise<string> {
  const api = createServer((request, response) => void relay(request, response));
  async function relay(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    if (override(request, response, body)) return;
    const upstream = await fetch(`${inject('baseUrl')}${request.url}`, {
      method: request.method,
      headers: { 'content-type': 'application/json' },
      body: body || undefined,
    });
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  }
  servers.push(api);
  const port = await new Promise<number>((done) => api.listen(0, '127.0.0.1', () => done((api.address() as { port: number }).port)));
  return `http://127.0.0.1:${port}`;
}
