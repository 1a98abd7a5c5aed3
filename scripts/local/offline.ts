// Runs `serverless offline` (the local HTTP API) as a child process group, stoppable as a whole.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitForPort } from './ports';

const SERVERLESS_BIN = resolve(__dirname, '../../node_modules/serverless/bin/serverless.js');

export interface RunningOffline {
  pid: number;
  stop: () => Promise<void>;
  /** What the process printed, when output is captured rather than shown. */
  output: () => string;
  /** Resolves when the process exits, whoever stopped it. */
  exited: Promise<void>;
}

export async function startOffline(options: {
  httpPort: number;
  lambdaPort: number;
  stage: string;
  env: NodeJS.ProcessEnv;
  showOutput: boolean;
  /** More CLI options, e.g. `--param`, `timeout=1`. */
  extraArgs?: string[];
}): Promise<RunningOffline> {
  const args = [
    SERVERLESS_BIN,
    'offline',
    'start',
    '--stage',
    options.stage,
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    // Settings such as BCRYPT_COST given to `npm start` reach the handlers.
    '--localEnvironment',
    // Emulates the /me route's JWT authorizer (iss, aud, exp; offline cannot check signatures,
    // which the handler verifies anyway). Without it serverless offline refuses to start.
    '--ignoreJWTSignature',
    ...(options.extraArgs ?? []),
  ];
  // Its own process group, so that stopping it also stops the esbuild service it spawns.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: resolve(__dirname, '../..'),
    env: options.env,
    detached: true,
    stdio: options.showOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited: string | undefined;
  const exitedPromise = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = `serverless offline exited (${signal ?? code}):\n${output}`;
      done();
    }),
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    await waitForPort(options.httpPort, 120_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, stop, output: () => output, exited: exitedPromise };
}
