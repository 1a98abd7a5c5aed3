// events/*.json drive `serverless invoke local` against the running local stack, as the README says.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { serverlessYml } from '../../../scripts/build/deployed-options';
import { passesMailerFilter } from '../../../scripts/local/stream';
import type { HttpHandler } from '../../../lib/http';
import { testContext } from '../../support/context';
import { lambdaContext } from '../../support/events';
import { serveRoute } from '../../support/handlers';
import { recordNodeProcesses, shellPath } from '../../support/node-processes';

const ROOT = resolve(__dirname, '../../..');
const BUILD_DIR = `.esbuild-invoke-${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), 'invoke-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
});

const readEvent = (name: string) => JSON.parse(readFileSync(join(ROOT, 'events', `${name}.json`), 'utf8'));

/** `npx serverless invoke local` as a developer types it, from a shell whose PATH has no node_modules/.bin. */
function npxInvokeLocal(name: string, env: Record<string, string>) {
  return promisify(execFile)('npx', ['serverless', 'invoke', 'local', '-f', name, '-p', join(ROOT, 'events', `${name}.json`)], {
    cwd: ROOT,
    timeout: 90_000,
    env: { ...process.env, PATH: shellPath(), ESBUILD_WORK_FOLDER: BUILD_DIR, ...env },
  });
}

async function invokeLocal(name: string, eventPath = join(ROOT, 'events', `${name}.json`)) {
  const stackEnv = inject('stackEnv');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'invoke', 'local', '-f', name, '-p', eventPath],
    {
      cwd: ROOT,
      timeout: 90_000,
      env: {
        ...process.env,
        LOCAL_DIR: stackEnv.LOCAL_DIR,
        PORT: stackEnv.PORT,
        // The suite's registration limit: the whole suite registers from 127.0.0.1, as this event does.
        REGISTER_IP_MAX_ATTEMPTS: stackEnv.REGISTER_IP_MAX_ATTEMPTS,
        ESBUILD_WORK_FOLDER: BUILD_DIR,
      },
    },
  );
  // The result is printed last, pretty; log lines (single-line JSON) may come before it.
  const result = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as { statusCode?: number; body?: string };
  // The mailer answers Lambda's stream trigger, not an HTTP request.
  if (result.statusCode === undefined) return { status: undefined, body: result as any };
  const body: any = result.body!.startsWith('<') ? result.body : JSON.parse(result.body!);
  return { status: result.statusCode, body };
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
  const functions = serverlessYml<{
    functions: Record<string, { events: { httpApi?: { method: string; path: string }; s3?: unknown; stream?: unknown }[] }>;
  }>().functions;
  const routes = Object.keys(functions).filter((name) => functions[name]!.events[0]!.httpApi);
  const s3Triggered = Object.keys(functions).filter((name) => functions[name]!.events[0]!.s3);
  const streamTriggered = Object.keys(functions).filter((name) => functions[name]!.events[0]!.stream);

  it('holds an event for every function', () => {
    expect(Object.keys(functions).filter((name) => !existsSync(join(ROOT, 'events', `${name}.json`)))).toEqual([]);
    expect(routes.length + s3Triggered.length + streamTriggered.length).toBe(Object.keys(functions).length);
  });

  it.each(routes)('holds an HTTP API 2.0 event for the %s route', (name) => {
    const event = readEvent(name);
    const { method, path } = functions[name]!.events[0]!.httpApi!;
    expect(event).toMatchObject({ version: '2.0', routeKey: `${method} ${path}`, isBase64Encoded: false });
    expect(event.requestContext.http.method).toBe(method);
    if (method === 'POST') expect(typeof JSON.parse(event.body)).toBe('object');
  });

  it("holds a stream event of an inserted outbox item for the mailer, which its trigger's filter lets through", () => {
    const [record] = readEvent('mailer').Records;
    expect(passesMailerFilter(record)).toBe(true);
    expect(record.dynamodb.NewImage.kind.S).toBe('password_reset');
  });

  it.each(s3Triggered)('holds an S3 notification event for the %s function', (name) => {
    const event = readEvent(name);
    expect(event.Records[0]).toMatchObject({ eventSource: 'aws:s3', eventName: expect.stringMatching(/^ObjectCreated:/) });
    expect(event.Records[0].s3.object.key).toMatch(/^uploads\//);
  });

  // Each `serverless invoke local` starts the CLI and bundles its function (about 6 s here, 10–15 s
  // in a full run): the contract's flow, the reset request and the mailer go through it (and jwks,
  // through npx, below); the other routes' events are answered by the same routes in-process.
  it('drive the contract, a reset request and the mailer through serverless invoke local', { timeout: 300_000 }, async () => {
    const registered = await invokeLocal('register');
    expect(registered.status).toBe(201);
    expect(registered.body.content.username).toBe('invoke-demo');

    const login = await invokeLocal('login');
    expect(login.status).toBe(200);

    const refreshed = await invokeLocal('refresh', withBody('refresh', { refresh: login.body.refresh }));
    expect(refreshed).toMatchObject({ status: 200, body: { access: expect.any(String) } });

    const profile = await invokeLocal('me', withHeaders('me', { authorization: `Bearer ${login.body.access}` }));
    expect(profile).toMatchObject({ status: 200, body: { username: 'invoke-demo' } });

    const logout = await invokeLocal('logout', withBody('logout', { refresh_token: login.body.refresh }));
    expect(logout).toMatchObject({ status: 200, body: { detail: 'Successfully logged out.' } });

    expect((await invokeLocal('passwordReset')).body).toEqual({ detail: 'Password reset e-mail has been sent.' });
    expect((await invokeLocal('mailer')).body).toEqual({ batchItemFailures: [] });
  });

  it("answer the other routes' events with their routes, in-process on the stack's settings", async () => {
    const ctx = testContext();
    const answer = async (name: string, module: { spec?: unknown; handler?: unknown }) => {
      const handler = (module.spec ? serveRoute(module.spec as never, ctx) : module.handler) as HttpHandler;
      const response = await handler(readEvent(name), lambdaContext());
      return { status: response.statusCode, body: response.body.startsWith('<') ? response.body : JSON.parse(response.body) };
    };
    // The committed refresh and logout events hold a placeholder; the README says to paste a token.
    expect((await answer('refresh', await import('../../../functions/refresh'))).status).toBe(401);
    expect((await answer('health', await import('../../../functions/health'))).body).toMatchObject({ status: 'ok', stage: 'local' });
    expect((await answer('openidConfiguration', await import('../../../functions/openid-configuration'))).body.issuer).toBe(
      inject('stackEnv').JWT_ISSUER,
    );
    expect((await answer('passwordResetConfirm', await import('../../../functions/password-reset-confirm'))).status).toBe(400);
    expect((await answer('passwordChange', await import('../../../functions/password-change'))).status).toBe(401);
    const page = await answer('resetPage', await import('../../../functions/reset-page'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form id="reset"');
    expect((await answer('verifyPage', await import('../../../functions/verify-page'))).body).toContain('<form id="verify"');
    expect((await answer('verifyEmail', await import('../../../functions/verify-email'))).body.error).toBe(
      'The verification link or code is invalid or has expired.',
    );
    expect((await answer('resendEmail', await import('../../../functions/resend-email'))).body).toEqual({ detail: 'ok' });
    expect((await answer('emailChange', await import('../../../functions/email-change'))).status).toBe(401);
  });

  it('npx serverless invoke local runs on the pinned Node, and finds the only running stack by itself', { timeout: 120_000 }, async () => {
    const recorder = recordNodeProcesses();
    const { stdout } = await npxInvokeLocal('jwks', { LOCAL_DIR: inject('stackEnv').LOCAL_DIR!, PORT: '', ...recorder.env });
    const result = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect((JSON.parse(result.body) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    const serverless = recorder.processes().filter((p) => /serverless(\.js)?$/.test(p.script));
    expect(serverless.length).toBeGreaterThan(0);
    for (const p of serverless) expect(p.node).toBe(process.versions.node);
  });

  it('with no stack running, exits 1 at once with one line, before building anything', { timeout: 120_000 }, async () => {
    const empty = mkdtempSync(join(scratch, 'no-stack-'));
    const buildDir = `.esbuild-invoke-none-${process.pid}`;
    const failure = (await npxInvokeLocal('login', { LOCAL_DIR: empty, PORT: '', ESBUILD_WORK_FOLDER: buildDir }).catch(
      (error: unknown) => error,
    )) as {
      code: number;
      killed: boolean;
      stderr: string;
      stdout: string;
    };
    expect(failure).toMatchObject({ code: 1, killed: false });
    expect(failure.stderr.trim().split('\n')).toEqual([
      'serverless invoke local: no local stack is running: start one with "npm start" (in another terminal), then try again',
    ]);
    expect(failure.stdout.trim()).toBe('');
    expect(existsSync(join(ROOT, buildDir))).toBe(false);
  });

  it('with PORT naming a port where no stack runs, says so and which ports have one', { timeout: 120_000 }, async () => {
    const failure = (await npxInvokeLocal('jwks', { LOCAL_DIR: inject('stackEnv').LOCAL_DIR!, PORT: '1' }).catch(
      (error: unknown) => error,
    )) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      `serverless invoke local: no local stack runs on port 1 (running: ${inject('stackEnv').PORT}): start it with "PORT=1 npm start"`,
    );
  });
});
