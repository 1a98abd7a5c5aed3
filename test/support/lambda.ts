// A function's deployment zip run as Lambda runs it: unzipped into a folder of its own outside the
// repository (so nothing but the zip's content can be required), loaded by a fresh Node process
// with the function's environment (test/support/lambda-runtime.cjs), and invoked with events.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface LambdaInstance {
  /** process.versions.node of the execution environment. */
  node: string;
  /** The unzipped files, relative to the task root. */
  files: string[];
  invoke: (event: unknown) => Promise<LambdaResult>;
  /** Modules the instance has loaded from outside its zip (none, for a self-contained bundle). */
  loadedFromOutside: () => string[];
  /** What the function printed (its log lines). */
  output: () => string;
  stop: () => Promise<void>;
}

const RUNTIME = join(__dirname, 'lambda-runtime.cjs');

async function unzip(zip: string, into: string): Promise<string[]> {
  const archive = await JSZip.loadAsync(readFileSync(zip));
  const files = Object.values(archive.files).filter((entry) => !entry.dir);
  for (const entry of files) {
    const path = join(into, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await entry.async('nodebuffer'), { mode: (entry.unixPermissions as number | null) ?? 0o644 });
  }
  return files.map((entry) => entry.name).sort();
}

/** `handler` as serverless.yml names it (`functions/login.handler`); `env` is the whole environment. */
export async function startLambda(options: { zip: string; handler: string; env: Record<string, string> }): Promise<LambdaInstance> {
  const root = mkdtempSync(join(tmpdir(), 'lambda-task-'));
  const files = await unzip(options.zip, root);
  // Lambda gives a function exactly its environment, plus the runtime's own variables.
  const child: ChildProcess = fork(RUNTIME, [], {
    cwd: root,
    env: { ...options.env, LAMBDA_TASK_ROOT: root, _HANDLER: options.handler, PATH: process.env.PATH ?? '' },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let outside: string[] = [];
  const pending = new Map<string, { resolve: (result: LambdaResult) => void; reject: (error: Error) => void }>();
  const init = new Promise<{ node: string; error?: string }>((resolve, reject) => {
    child.once('exit', (code) => {
      const failure = new Error(`the execution environment exited (${code}):\n${output}`);
      reject(failure);
      for (const call of pending.values()) call.reject(failure);
      pending.clear();
    });
    child.on(
      'message',
      (message: { type: string; id?: string; node?: string; error?: string; result?: LambdaResult; outside?: string[] }) => {
        if (message.type === 'init') return resolve({ node: message.node!, error: message.error });
        outside = message.outside ?? outside;
        const call = pending.get(message.id!);
        pending.delete(message.id!);
        if (message.error !== undefined) call?.reject(new Error(`the function failed: ${message.error}`));
        else call?.resolve(message.result!);
      },
    );
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((done) => child.once('exit', done));
      child.kill();
      await gone;
    }
    rmSync(root, { recursive: true, force: true });
  };
  const { node, error } = await init.catch(async (failure: Error) => {
    await stop();
    throw failure;
  });
  if (error) {
    await stop();
    throw new Error(`${options.handler} failed to initialise: ${error}`);
  }
  let requests = 0;
  return {
    node,
    files,
    invoke: (event) =>
      new Promise((resolve, reject) => {
        const id = `request-${(requests += 1)}`;
        pending.set(id, { resolve, reject });
        child.send({ id, event });
      }),
    loadedFromOutside: () => outside,
    output: () => output,
    stop,
  };
}
