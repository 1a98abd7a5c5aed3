// `serverless package` of a stage, offline and without AWS credentials, once per test run: the
// first test file to ask packages it, the others wait for that result and share it. Packagings
// run one at a time: side by side, one of two failed. And `serverless print`, as often as asked.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const TIMEOUT_MS = 180_000;

/** The serverless CLI, offline: without AWS credentials and without key material. */
function serverless(args: string[], env: NodeJS.ProcessEnv = {}) {
  return promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', JWT_SIGNING_KEYS: '', ...env },
    timeout: TIMEOUT_MS,
  });
}

/** The stage's configuration as serverless resolves it (`serverless print`): its resources and settings, in seconds, without packaging. */
export async function printedStage<T>(stage: string): Promise<T> {
  const { stdout } = await serverless(['print', '--stage', stage, '--format', 'json']);
  return JSON.parse(stdout) as T;
}

/** The folder holding the stage's zips and CloudFormation templates. */
export async function packagedStage(stage: string): Promise<string> {
  const dir = join(inject('runDir'), `package-${stage}`);
  const outcome = join(dir, 'outcome.json');
  try {
    mkdirSync(dir);
  } catch {
    // Another test file is packaging this stage: wait for its outcome.
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(outcome)) {
      if (Date.now() > deadline) throw new Error(`packaging ${stage} did not finish within ${TIMEOUT_MS} ms`);
      await sleep(200);
    }
    const { error } = JSON.parse(readFileSync(outcome, 'utf8')) as { error?: string };
    if (error) throw new Error(error);
    return join(dir, 'out');
  }
  await lock(join(inject('runDir'), 'packaging.lock'));
  // Its own bundle folder: packaging deletes it when done, and must not touch the test stack's.
  const buildDir = `.esbuild-package-${stage}-${process.pid}`;
  try {
    await serverless(['package', '--stage', stage, '--package', join(dir, 'out')], { ESBUILD_WORK_FOLDER: buildDir });
    writeFileSync(outcome, '{}');
    return join(dir, 'out');
  } catch (error) {
    writeFileSync(outcome, JSON.stringify({ error: `serverless package --stage ${stage} failed: ${(error as Error).message}` }));
    throw error;
  } finally {
    rmSync(join(ROOT, buildDir), { recursive: true, force: true });
    rmSync(join(inject('runDir'), 'packaging.lock'), { recursive: true, force: true });
  }
}

async function lock(path: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${path} was held for more than ${TIMEOUT_MS} ms`);
      await sleep(200);
    }
  }
}
