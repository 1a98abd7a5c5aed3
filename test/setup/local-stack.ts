// Vitest global setup: a private local stack for the run (in-memory DynamoDB Local + serverless
// offline), plus a second API on the same table with refresh-token rotation switched on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { TestProject } from 'vitest/node';
import { generateSigningKey } from '../../lib/tokens';
import { publicJwk } from '../../lib/tokens/keys';
import { startOffline, type RunningOffline } from '../../scripts/local/offline';
import { freePort } from '../../scripts/local/ports';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import cutover from '../fixtures/simplejwt-cutover/tokens.json';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    rotatingBaseUrl: string;
    /** The local SES's inbox and API (GET /store). */
    inboxUrl: string;
    stackEnv: Record<string, string>;
    /** A key being rotated out: published for verification, no longer signing. */
    previousKey: JWK;
    /** A folder for the whole run, removed at its end (test/support/package.ts shares packagings there). */
    runDir: string;
  }
}

/**
 * The whole suite registers from a handful of loopback addresses, far more often than the
 * production limit allows (the limit itself is tested with its own settings); and DynamoDB Local
 * on a busy 2-core machine can take longer than the 1.5 s a request may take on AWS.
 */
const SUITE_SETTINGS = {
  REGISTER_IP_MAX_ATTEMPTS: '1000000',
  // The suite registers hundreds of users: no verification mail for each, so the one stream poller
  // carries only the mails tests wait for. The verification tests ask for theirs with resend (the
  // same outbox, stream, mailer and SES), and choose `optional` in-process, where registration's
  // own queueing is tested.
  ACCOUNT_EMAIL_VERIFICATION: 'none',
  PASSWORD_RESET_IP_MAX_PER_HOUR: '1000000',
  DYNAMODB_TIMEOUT_MS: '10000',
  // In a Django cut-over's window (docs/migrate-from-django.md): the key set below holds the
  // fixture backend's simplejwt key, so its tokens are honoured for the whole run.
  LEGACY_SIMPLEJWT_UNTIL: new Date(Date.now() + 86_400_000).toISOString(),
};

/** The stock simplejwt backend of test/fixtures/simplejwt-cutover, as `npm run keys -- legacy-import` stores its key. */
const LEGACY_KEY = { key: cutover.secret_key, algorithms: ['HS256'], issued_before: cutover.cut_over };

/** Bursts of 20 cold workers at once on 2 busy cores: see LocalStackOptions.functionTimeoutSeconds. */
const FUNCTION_TIMEOUT_SECONDS = 30;

const BUILD_DIR = `.esbuild-test-${process.pid}`;
const ROTATING_BUILD_DIR = `.esbuild-test-rotating-${process.pid}`;

let stack: LocalStack | undefined;
let rotating: RunningOffline | undefined;
let ready = false;
let workDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), 'auth-api-test-'));
  const environment = {
    ...process.env,
    // The minimum bcrypt cost keeps the suite fast; the benchmark measures the real cost.
    BCRYPT_COST: '4',
    TABLE_NAME: 'auth-api-test',
    // Everything is logged, so that the check in teardown sees every line the functions can write.
    LOG_LEVEL: 'debug',
    ...SUITE_SETTINGS,
  };

  // Mid-rotation, as docs/keys.md describes: the new key signs, the previous one still verifies.
  const [current, previous] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  const keysFile = join(workDir, 'jwks.json');
  writeFileSync(keysFile, JSON.stringify({ keys: [current, publicJwk(previous)], legacy_simplejwt: LEGACY_KEY }));

  // Laid out as npm start lays out its stacks (LOCAL_DIR/<port>/), so invoke local finds it.
  const localDir = join(workDir, 'local');
  const port = await freePort();
  stack = await startLocalStack({
    port,
    keysFile,
    buildDir: BUILD_DIR,
    stackFile: join(localDir, String(port), 'stack.json'),
    showOfflineOutput: false,
    // Only trouble is logged after start (a stream read or a mailer invocation that failed): shown,
    // since a test waiting for a mail otherwise fails with no clue.
    log: (message) => {
      if (ready) process.stderr.write(`[local stack] ${message}\n`);
    },
    environment,
    functionTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
  });
  const rotatingPort = await freePort();
  rotating = await startOffline({
    httpPort: rotatingPort,
    lambdaPort: await freePort(),
    stage: 'local',
    env: { ...environment, ...stack.env, ESBUILD_WORK_FOLDER: ROTATING_BUILD_DIR, ROTATE_REFRESH_TOKENS: 'true' },
    showOutput: false,
    extraArgs: ['--param', `timeout=${FUNCTION_TIMEOUT_SECONDS}`],
  });

  ready = true;
  project.provide('baseUrl', stack.baseUrl);
  project.provide('inboxUrl', stack.inboxUrl);
  project.provide('rotatingBaseUrl', `http://localhost:${rotatingPort}`);
  project.provide('stackEnv', { ...stack.env, ...SUITE_SETTINGS, BCRYPT_COST: '4', LOCAL_DIR: localDir, PORT: String(port) });
  project.provide('previousKey', previous);
  project.provide('runDir', workDir);
}

/** What must never reach a log line: tokens, password hashes, private key members, passwords. */
const SECRETS: [string, RegExp][] = [
  ['a JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/],
  ['a bcrypt hash', /\$2[aby]\$\d\d\$[./\w]{53}/],
  ['a private key member', /"(d|p|q|dp|dq|qi)"\s*:\s*"[\w-]{20,}/],
  ["the tests' password", /tangerine-Kettle-47/],
  ['a password reset link', /token=[\w-]{40,}/],
];

export async function teardown(): Promise<void> {
  const logs = `${stack?.output() ?? ''}${rotating?.output() ?? ''}`;
  // DUMP_STACK_LOG=<file>: keep what the local stack printed, to see why a request failed.
  if (process.env.DUMP_STACK_LOG) writeFileSync(process.env.DUMP_STACK_LOG, logs);
  await rotating?.stop();
  await stack?.stop();
  const leaks = SECRETS.filter(([, pattern]) => pattern.test(logs)).map(([name]) => name);
  if (logs.length === 0) throw new Error('no logs were captured from the local stack');
  if (leaks.length > 0) throw new Error(`the functions logged ${leaks.join(', ')}: see docs/security.md`);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  for (const dir of [BUILD_DIR, ROTATING_BUILD_DIR]) rmSync(dir, { recursive: true, force: true });
}
