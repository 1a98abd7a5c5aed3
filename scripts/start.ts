// `npm start`: the API on http://localhost:$PORT (default 3000) with its own DynamoDB Local.
import { resolve } from 'node:path';
import { startLocalStack } from './local/stack';
import { runtimeProblem } from './runtime';

const ROOT = resolve(__dirname, '..');
const log = (message: string) => console.log(`[local] ${message}`);

async function main(): Promise<void> {
  const runtime = runtimeProblem();
  if (runtime) log(`warning: ${runtime}`);
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`PORT must be a TCP port, got "${process.env.PORT}"`);

  const stack = await startLocalStack({
    port,
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    dataDir: resolve(ROOT, process.env.DYNAMODB_DATA_DIR || '.local/dynamodb'),
    keysFile: resolve(ROOT, '.local/jwks.json'),
    buildDir: process.env.ESBUILD_WORK_FOLDER || '.esbuild-offline',
    stackFile: resolve(ROOT, process.env.LOCAL_STACK_FILE || '.local/stack.json'),
    showOfflineOutput: true,
    log,
  });
  log(`API ready on ${stack.baseUrl} (serverless offline pid ${stack.pids.offline}); Ctrl-C stops everything`);

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await stack.stop();
    process.exit(exitCode);
  };
  // Never leave DynamoDB Local running without the API it serves.
  void stack.offlineExited.then(() => shutdown('serverless offline exited unexpectedly', 1));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0));
}

main().catch((error: unknown) => {
  console.error(`[local] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
