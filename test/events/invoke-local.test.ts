// events/*.json drive `serverless invoke local` against the running local stack, as the README says.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { serverlessYml } from '../../scripts/build/deployed-options';

const ROOT = resolve(__dirname, '../..');
const BUILD_DIR = `.esbuild-invoke-${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), 'invoke-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
});

const readEvent = (name: string) => JSON.parse(readFileSync(join(ROOT, 'events', `${name}.json`), 'utf8'));

async function invokeLocal(name: string, eventPath = join(ROOT, 'events', `${name}.json`)) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'invoke', 'local', '-f', name, '-p', eventPath],
    {
      cwd: ROOT,
      timeout: 90_000,
      env: { ...process.env, LOCAL_STACK_FILE: inject('stackEnv').LOCAL_STACK_FILE, ESBUILD_WORK_FOLDER: BUILD_DIR },
    },
  );
  // The result is printed last, pretty; log lines (single-line JSON) may come before it.
  const result = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

function withBody(name: string, body: unknown): string {
  const path = join(scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...readEvent(name), body: JSON.stringify(body) }));
  return path;
}

function withHeaders(name: string, headers: Record<string, string>): string {
  const event = readEvent(name);
  const path = join(scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...event, headers: { ...event.headers, ...headers } }));
  return path;
}

describe('events/', () => {
  const routes = serverlessYml<{ functions: Record<string, { events: { httpApi: { method: string; path: string } }[] }> }>().functions;

  it.each(Object.keys(routes))('holds an HTTP API 2.0 event for the %s route', (name) => {
    const event = readEvent(name);
    const { method, path } = routes[name]!.events[0]!.httpApi;
    expect(event).toMatchObject({ version: '2.0', routeKey: `${method} ${path}`, isBase64Encoded: false });
    expect(event.requestContext.http.method).toBe(method);
    if (method === 'POST') expect(typeof JSON.parse(event.body)).toBe('object');
  });

  it('drive every function through serverless invoke local', { timeout: 300_000 }, async () => {
    const registered = await invokeLocal('register');
    expect(registered.status).toBe(201);
    expect(registered.body.content.username).toBe('invoke-demo');

    const login = await invokeLocal('login');
    expect(login.status).toBe(200);

    // The committed refresh and logout events hold a placeholder; the README says to paste a token.
    expect((await invokeLocal('refresh')).status).toBe(401);
    const refreshed = await invokeLocal('refresh', withBody('refresh', { refresh: login.body.refresh }));
    expect(refreshed).toMatchObject({ status: 200, body: { access: expect.any(String) } });

    const profile = await invokeLocal('me', withHeaders('me', { authorization: `Bearer ${login.body.access}` }));
    expect(profile).toMatchObject({ status: 200, body: { username: 'invoke-demo' } });

    const logout = await invokeLocal('logout', withBody('logout', { refresh_token: login.body.refresh }));
    expect(logout).toMatchObject({ status: 200, body: { detail: 'Successfully logged out.' } });

    expect((await invokeLocal('jwks')).body.keys.length).toBeGreaterThan(0);
    expect((await invokeLocal('openidConfiguration')).body.issuer).toBe(inject('stackEnv').JWT_ISSUER);
  });
});
