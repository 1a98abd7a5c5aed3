// Vitest global setup: a private local stack (in-memory DynamoDB Local + serverless offline) for the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local/ports';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stackEnv: Record<string, string>;
  }
}

const BUILD_DIR = `.esbuild-test-${process.pid}`;

let stack: LocalStack | undefined;
let workDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), 'auth-api-test-'));
  // The minimum bcrypt cost keeps the suite fast; the benchmark measures the real cost.
  process.env.BCRYPT_COST = '4';
  process.env.TABLE_NAME = 'auth-api-test';
  process.env.JWT_ISSUER = 'https://auth.test.example';
  stack = await startLocalStack({
    port: await freePort(),
    keysFile: join(workDir, 'jwks.json'),
    buildDir: BUILD_DIR,
    stackFile: join(workDir, 'stack.json'),
    showOfflineOutput: false,
    log: () => undefined,
  });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('stackEnv', { ...stack.env, BCRYPT_COST: '4', LOCAL_STACK_FILE: join(workDir, 'stack.json') });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  rmSync(BUILD_DIR, { recursive: true, force: true });
}
