// Cold starts: each function bundled as serverless.yml bundles it, loaded in a fresh Node process
// that answers its first request and then a few warm ones; beside an empty handler bundled the
// same way, and a handler that is only the DynamoDB client making one GetItem (the least any
// function that reads the table can cost). Also the bundle sizes, raw and gzipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { deployedBuildOptions } from '../scripts/build/deployed-options';

const ROOT = resolve(__dirname, '..');
const WARM_REQUESTS = 5;

/** Reference handlers: their rows are named in parentheses, and no budget applies to them. */
export const EMPTY_HANDLER = '(empty handler)';
export const SDK_ONLY_HANDLER = '(DynamoDB client, one GetItem)';
const REFERENCES: Record<string, string> = {
  [EMPTY_HANDLER]: 'export const handler = async () => ({ statusCode: 200, body: "{}" });',
  // The same client settings a local stack uses (lib/store/client.ts): DynamoDB Local, fixed credentials.
  [SDK_ONLY_HANDLER]: `
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    export const handler = async () => {
      await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'cold' }, sk: { S: 'start' } }, ConsistentRead: true }));
      return { statusCode: 200, body: '{}' };
    };`,
};

export const isReference = (row: ColdStart) => row.function in REFERENCES;

export interface ColdStart {
  function: string;
  raw_kb: number;
  gzip_kb: number;
  /** Spawning `node` to the first answer, median over fresh processes. */
  first_answer_ms: number;
  /** The same request warm, in the same processes. */
  warm_ms: number;
  /** What being cold adds: first answer less the warm request's own work (bcrypt, for login). */
  cold_start_ms: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Each event list is answered in order by one fresh process: the first request cold, the rest
 * warm. Events must not depend on each other's outcome (a logout needs a token per request).
 */
function timeProcess(file: string, events: unknown[], env: NodeJS.ProcessEnv): { first: number; warm: number } {
  const probe = `
    const started = Date.now() - Math.round(performance.now());
    const { handler } = require(${JSON.stringify(file)});
    const context = { awsRequestId: 'cold', getRemainingTimeInMillis: () => 10000 };
    (async () => {
      const events = ${JSON.stringify(events)};
      const statuses = [(await handler(events[0], context)).statusCode];
      const first = Date.now() - started;
      const warm = [];
      for (const event of events.slice(1)) {
        const t = performance.now();
        statuses.push((await handler(event, context)).statusCode);
        warm.push(performance.now() - t);
      }
      process.stdout.write(JSON.stringify({ first, warm, statuses }));
    })();`;
  const result = spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`cold-start probe of ${file} failed: ${result.stderr.slice(0, 500)}`);
  const { first, warm, statuses } = JSON.parse(result.stdout) as { first: number; warm: number[]; statuses: number[] };
  // An error answer would time the wrong path.
  if (statuses.some((status) => status >= 300)) throw new Error(`cold-start probe of ${file} answered ${statuses.join(', ')}`);
  return { first, warm: warm.length > 0 ? median(warm) : 0 };
}

/** Processes per bundle. */
export const COLD_START_RUNS = 9;
/** Requests each function's events must supply: a fresh process answers 1 + WARM_REQUESTS. */
export const COLD_START_REQUESTS = COLD_START_RUNS * (1 + WARM_REQUESTS);

/**
 * `events[name](i)` builds the i-th request (0 ≤ i < COLD_START_REQUESTS) for a function: each
 * process gets fresh ones. Runs go round-robin over the bundles, so that a slow spell of this
 * shared machine falls on all of them alike rather than on one (the baseline above all).
 */
export async function measureColdStarts(env: NodeJS.ProcessEnv, events: Record<string, (i: number) => unknown>): Promise<ColdStart[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  const options = deployedBuildOptions();
  try {
    const bundles = [];
    for (const name of [...Object.keys(REFERENCES), ...Object.keys(events)]) {
      const file = join(dir, `${name.replace(/\W/g, '')}.js`);
      const reference = REFERENCES[name];
      const entry = reference === undefined ? { entryPoints: [join(ROOT, 'functions', `${name}.ts`)] } : { stdin: { contents: reference, resolveDir: ROOT, loader: 'ts' as const } };
      await build({ ...options, ...entry, outfile: file });
      bundles.push({ name, file, make: events[name] ?? (() => ({})), requests: 0, runs: [] as { first: number; warm: number }[] });
    }
    for (let run = 0; run < COLD_START_RUNS; run += 1) {
      for (const bundle of bundles) {
        const requests = Array.from({ length: 1 + WARM_REQUESTS }, () => bundle.make(bundle.requests++));
        bundle.runs.push(timeProcess(bundle.file, requests, env));
      }
    }
    return bundles.map(({ name, file, runs }) => {
      const code = readFileSync(file);
      const first = median(runs.map((r) => r.first));
      const warm = median(runs.map((r) => r.warm));
      return {
        function: name,
        raw_kb: Number((code.length / 1024).toFixed(1)),
        gzip_kb: Number((gzipSync(code, { level: 9 }).length / 1024).toFixed(1)),
        first_answer_ms: first,
        warm_ms: Number(warm.toFixed(1)),
        cold_start_ms: Math.round(first - warm),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
