// `npm start`: the API on http://localhost:$PORT (default 3000) with its own DynamoDB Local. Each
// port is a stack of its own: its data, key and stack file live in .local/<port>/.
import { join, resolve } from 'node:path';
import { PortTaken, startLocalStack, type LocalStack } from './local/stack';
import { StackRunning } from './local/stack-file';
import { stackDir } from './local/stacks.cjs';
import { runtimeProblem } from './runtime';

const ROOT = resolve(__dirname, '..');
const log = (message: string) => console.log(`[local] ${message}`);

async function main(): Promise<void> {
  const runtime = runtimeProblem();
  if (runtime) log(`warning: ${runtime}`);
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`PORT must be a TCP port, got "${process.env.PORT}"`);
  const dir = stackDir(port);

  // Ctrl-C while starting stops what has started (serverless offline runs in a process group of
  // its own, which the terminal's Ctrl-C does not reach); once started, it stops the stack.
  let stack: LocalStack | undefined;
  let stopping = false;
  const starting = new AbortController();
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await stack!.stop();
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => (stack ? void shutdown(signal, 0) : starting.abort()));

  stack = await startLocalStack({
    port,
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    dataDir: resolve(ROOT, process.env.DYNAMODB_DATA_DIR || join(dir, 'dynamodb')),
    keysFile: join(dir, 'jwks.json'),
    buildDir: process.env.ESBUILD_WORK_FOLDER || `.esbuild-offline-${port}`,
    stackFile: join(dir, 'stack.json'),
    showOfflineOutput: true,
    log,
    signal: starting.signal,
    // The developer's environment is the functions' settings: ROTATE_REFRESH_TOKENS=true npm start.
    environment: process.env,
  });
  log(`API docs: docs/openapi.yaml (npm run docs renders docs/api.html); ${stack.baseUrl}/health answers without DynamoDB`);
  log('the table: npm run local -- table; wipe it and the key: npm run local -- reset');
  log(`mail the service sends (password resets…): open the inbox at ${stack.inboxUrl}`);
  log(`API ready on ${stack.baseUrl} (serverless offline pid ${stack.pids.offline}); Ctrl-C stops everything`);
  // Never leave DynamoDB Local running without the API it serves.
  void stack.offlineExited.then(() => shutdown('serverless offline exited unexpectedly', 1));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // A refusal is one line: nothing started, nothing to clean up.
  console.error(
    error instanceof StackRunning || error instanceof PortTaken ? `[local] not started: ${message}` : `[local] could not start: ${message}`,
  );
  process.exit(1);
});
