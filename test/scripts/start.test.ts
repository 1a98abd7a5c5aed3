// `npm start` end to end: serves the API, stops every process on Ctrl-C, explains a missing Java.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/ports';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'start-'));
const BUILD_DIR = `.esbuild-start-${process.pid}`;
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
});

// The test run's own stack settings are in this process's environment; a started stack must not see them.
const STACK_SETTINGS = ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'JWT_SIGNING_KEYS', 'JWT_ISSUER', 'LOCAL_STACK_FILE', 'ESBUILD_WORK_FOLDER'];

const running: { child: ReturnType<typeof spawn>; exited: Promise<number | null> }[] = [];

// A failed assertion must not leave a stack behind: Ctrl-C makes start.ts stop its children.
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
  }
});

function start(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !STACK_SETTINGS.includes(name)));
  const isolated = { LOCAL_STACK_FILE: join(scratch, 'stack.json'), DYNAMODB_DATA_DIR: join(scratch, 'data'), ESBUILD_WORK_FOLDER: BUILD_DIR };
  const child = spawn(process.execPath, [TSX, 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...inherited, ...isolated, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  running.push({ child, exited });
  const waitFor = async (text: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "${text}" in:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('serves the API on PORT with settings from the environment, then Ctrl-C stops every process', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const run = start({ PORT: String(port), ROTATE_REFRESH_TOKENS: 'true', REFRESH_REUSE_GRACE_SECONDS: '2', BCRYPT_COST: '4' });
    await run.waitFor('API ready', 150_000);
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`http://localhost:${port}/api/auth/${path}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const registered = await call('register', { username: 'starter', email: 'starter@example.com', password: 'tangerine-Kettle-47' });
    expect(registered.status).toBe(201);
    // ROTATE_REFRESH_TOKENS reached the functions: refresh hands out a new refresh token.
    const refreshed = await call('refresh', { refresh: registered.body.content.tokens.refresh });
    expect(Object.keys(refreshed.body)).toEqual(['access', 'refresh']);

    expect(run.output()).toContain('DynamoDB Local (pid');
    const pids = [...run.output().matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('says what to install when Java is missing', async () => {
    const run = start({ PORT: String(await freePort()), PATH: '/nonexistent' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Java was not found');
    expect(run.output()).toContain('openjdk-17');
  });
});
