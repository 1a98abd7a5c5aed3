// `npm start` end to end, as a developer runs it: on the lockfile's Node, one stack per port that
// never disturbs another, clear refusals before anything starts, quiet by default, and every
// process stopped by Ctrl-C (sent, as a terminal does, to the whole foreground process group).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/local/ports';
import { recordNodeProcesses, shellPath } from '../../support/node-processes';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'start-'));
const LOCAL_DIR = join(scratch, 'local');
const buildDir = (port: number) => `.esbuild-start-${process.pid}-${port}`;

// The test run's own stack settings are in this process's environment; a started stack must not see them.
const STACK_SETTINGS = [
  'DYNAMODB_ENDPOINT',
  'TABLE_NAME',
  'JWT_SIGNING_KEYS',
  'JWT_ISSUER',
  'LOCAL_DIR',
  'PORT',
  'ESBUILD_WORK_FOLDER',
  'LOG_LEVEL',
  'BCRYPT_COST',
  'DYNAMODB_DATA_DIR',
];
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !STACK_SETTINGS.includes(name)));

interface Run {
  port: number;
  child: ReturnType<typeof spawn>;
  /** The exit code; `SIGINT` when the process ended by the signal itself (npm does, after its script stopped). */
  exited: Promise<number | string | null>;
  waitFor: (text: string, timeoutMs?: number) => Promise<void>;
  output: () => string;
  /** Ctrl-C in the terminal that ran it. */
  interrupt: () => void;
}
const runs: Run[] = [];

/** `npm start` (through npm, from a shell's PATH) or, quicker, what it runs: node --import tsx scripts/start.ts. */
function start(port: number, env: Record<string, string> = {}, how: 'npm' | 'tsx' = 'tsx'): Run {
  const base = { ...inherited, LOCAL_DIR, PORT: String(port), BCRYPT_COST: '4', ESBUILD_WORK_FOLDER: buildDir(port), ...env };
  const options = { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
  const child =
    how === 'npm'
      ? spawn('npm', ['start'], { ...options, env: { ...base, PATH: shellPath() } })
      : spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { ...options, env: base });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((done) => child.once('exit', (code, signal) => done(code ?? signal)));
  const waitFor = async (text: string, timeoutMs = 150_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "${text}" in:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const run = { port, child, exited, waitFor, output: () => output, interrupt: () => process.kill(-child.pid!, 'SIGINT') };
  runs.push(run);
  return run;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidsIn = (output: string) => [...output.matchAll(/pid (\d+)\)?/g)].map((m) => Number(m[1]));

/**
 * Ctrl-C reaches every process of the group at once: npm may exit before start.ts has finished
 * stopping what it started, so the check waits for that, up to a bound.
 */
async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
const stackFileOf = (port: number) => join(LOCAL_DIR, String(port), 'stack.json');

async function call(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`http://localhost:${port}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, any>,
  };
}
const user = (name: string) => ({ username: name, email: `${name}@example.com`, password: 'tangerine-Kettle-47' });

// A failed assertion must not leave a stack behind: Ctrl-C makes start.ts stop its children.
async function stopAll(): Promise<void> {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.interrupt();
      await run.exited;
    }
  }
}
afterAll(async () => {
  await stopAll();
  rmSync(scratch, { recursive: true, force: true });
  for (const name of readdirSync(ROOT).filter((entry) => entry.startsWith(`.esbuild-start-${process.pid}-`)))
    rmSync(join(ROOT, name), { recursive: true, force: true });
}, 60_000);

describe('npm start', () => {
  let first: Run;
  const recorder = recordNodeProcesses();

  beforeAll(async () => {
    first = start(await freePort(), { ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '2', ...recorder.env }, 'npm');
    await first.waitFor('API ready');
  }, 180_000);

  it("runs start.ts and serverless offline on the lockfile's Node, whatever Node the shell has", () => {
    const processes = recorder.processes();
    for (const script of [/scripts\/start\.ts$/, /serverless\/bin\/serverless\.js$/]) {
      const matching = processes.filter((p) => script.test(p.script));
      expect(matching.length).toBeGreaterThan(0);
      for (const p of matching) expect(p.node).toBe(process.versions.node);
    }
  });

  it('serves the API on PORT, with settings from the environment', async () => {
    const registered = await call(first.port, 'POST', '/api/auth/register/', user('starter'));
    expect(registered.status).toBe(201);
    // ROTATE_REFRESH_TOKENS reached the functions: refresh hands out a new refresh token.
    const refreshed = await call(first.port, 'POST', '/api/auth/refresh/', { refresh: registered.body.content.tokens.refresh });
    expect(Object.keys(refreshed.body)).toEqual(['access', 'refresh']);
  });

  it('says where its key, data and API docs are, and stays quiet: no metrics lines, no stack trace for a bad token', async () => {
    const dir = join(LOCAL_DIR, String(first.port));
    expect(first.output()).toContain(`[local] signing key generated in ${join(dir, 'jwks.json')}`);
    expect(first.output()).toContain(`data in ${join(dir, 'dynamodb')}`);
    expect(first.output()).toContain('[local] API docs: docs/openapi.yaml');
    const refused = await call(first.port, 'GET', '/api/auth/me/', undefined, { authorization: 'Bearer not-a-jwt' });
    expect(refused.status).toBe(401);
    await call(first.port, 'POST', '/api/auth/login/', { username: 'starter', password: 'tangerine-Kettle-47' });
    const output = first.output();
    expect(output).toContain('JWT could not be decoded');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(output).not.toContain('"_aws"');
    expect(output).not.toMatch(/NodeDeprecationWarning|no longer support/i);
  });

  it("refuses a second start on the same port before starting anything, and leaves the first stack's files alone", async () => {
    const before = readFileSync(stackFileOf(first.port), 'utf8');
    const second = start(first.port);
    expect(await second.exited).toBe(1);
    expect(second.output().trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[local\\] not started: a local stack already runs on port ${first.port} \\(pid \\d+, since .+\\): stop it first`),
      ),
    ]);
    expect(readFileSync(stackFileOf(first.port), 'utf8')).toBe(before);
    const jwks = await call(first.port, 'GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
  });

  it(
    'runs a second stack on another port with its own key and data; stopping it leaves the first serving',
    { timeout: 180_000 },
    async () => {
      const other = start(await freePort());
      await other.waitFor('API ready');
      const keysOf = (run: Run) => readFileSync(join(LOCAL_DIR, String(run.port), 'jwks.json'), 'utf8');
      expect(keysOf(other)).not.toBe(keysOf(first));
      // Separate tables: the same username registers on both.
      expect((await call(other.port, 'POST', '/api/auth/register/', user('twice'))).status).toBe(201);
      expect((await call(first.port, 'POST', '/api/auth/register/', user('twice'))).status).toBe(201);

      other.interrupt();
      expect(await other.exited).toBe(0);
      expect(existsSync(stackFileOf(other.port))).toBe(false);
      expect(existsSync(stackFileOf(first.port))).toBe(true);
      const jwks = await call(first.port, 'GET', '/.well-known/jwks.json');
      expect(jwks).toMatchObject({ status: 200, contentType: expect.stringMatching(/^application\/json/) });
      expect(jwks.body.keys.length).toBeGreaterThan(0);
      expect((await call(first.port, 'POST', '/api/auth/register/', user('after-the-other'))).status).toBe(201);
    },
  );

  it('refuses a port another program holds, before starting anything', async () => {
    const server = createServer();
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)),
    );
    try {
      const run = start(port);
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(
        `[local] not started: port ${port} is already in use by another program: start on a free port, e.g. PORT=${port + 1} npm start`,
      );
      expect(existsSync(stackFileOf(port))).toBe(false);
    } finally {
      server.close();
    }
  });

  it('Ctrl-C while it starts stops what has started', { timeout: 120_000 }, async () => {
    const run = start(await freePort());
    await run.waitFor('DynamoDB Local (pid');
    run.interrupt();
    expect(await run.exited).toBe(1);
    expect(await eventually(() => run.output().includes('interrupted while starting'))).toBe(true);
    const pids = pidsIn(run.output());
    expect(pids.length).toBeGreaterThan(0);
    expect(await eventually(() => pids.every((pid) => !alive(pid)))).toBe(true);
    expect(await eventually(() => !existsSync(stackFileOf(run.port)))).toBe(true);
  });

  it('says what to install when Java is missing', async () => {
    const run = start(await freePort(), { PATH: '/nonexistent' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Java was not found');
    expect(run.output()).toContain('openjdk-17');
    expect(existsSync(stackFileOf(run.port))).toBe(false);
  });

  it('Ctrl-C stops every process of the stack and removes its stack file, keeping its key and data', { timeout: 120_000 }, async () => {
    const pids = pidsIn(first.output());
    expect(pids).toHaveLength(2);
    first.interrupt();
    expect([0, 130, 'SIGINT']).toContain(await first.exited);
    expect(await eventually(() => first.output().includes('[local] SIGINT: stopping'))).toBe(true);
    expect(await eventually(() => pids.every((pid) => !alive(pid)))).toBe(true);
    expect(await eventually(() => !existsSync(stackFileOf(first.port)))).toBe(true);
    expect(existsSync(join(LOCAL_DIR, String(first.port), 'jwks.json'))).toBe(true);

    // The data outlives the stack: npm run local reads it (DynamoDB Local started for the moment), then resets it.
    const local = (...args: string[]) =>
      promisify(execFile)(process.execPath, [TSX, 'scripts/local.ts', ...args, '--port', String(first.port)], {
        cwd: ROOT,
        env: { ...inherited, LOCAL_DIR },
        timeout: 60_000,
      });
    const { stdout } = await local('table');
    const usernames = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { username?: string }).username);
    expect(usernames).toEqual(expect.arrayContaining(['starter', 'twice', 'after-the-other']));
    await local('reset', '--yes');
    expect(existsSync(join(LOCAL_DIR, String(first.port)))).toBe(false);
  });
});
