// `npm run local -- <status | table | reset> [--port PORT] [--yes]`: the local stacks of `npm start`.
//   status  the running stacks: port, pid, API, DynamoDB Local endpoint, data folder
//   table   every item of a stack's table, one JSON object per line, sorted by key; a stack that
//           is not running is read by starting DynamoDB Local on its data for the moment
//   reset   deletes a stopped stack's table data and signing key (the files npm start created),
//           after typing "yes" (or with --yes); refused while that stack runs
// PORT (or --port) picks the stack; without it, the only running one, else 3000.
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from './local/dynamodb';
import { S3_DATA_DIR } from './local/s3';
import { checkJava } from './local/java';
import { runningStacks, stackDir, type StackRecord } from './local/stacks.cjs';

const ROOT = resolve(__dirname, '..');
const USAGE = 'usage: npm run local -- <status | table | reset> [--port PORT] [--yes]';
/** The one file DynamoDB Local writes with -sharedDb: all a stack's table data. */
const DATABASE_FILE = 'shared-local-instance.db';
const shown = (path: string) => (path.startsWith(ROOT) ? relative(ROOT, path) : path);

class Refused extends Error {}

interface Target {
  port: number;
  running: StackRecord | undefined;
  dataDir: string;
  keysFile: string;
}

function target(portOption: string | undefined): Target {
  const running = runningStacks();
  const chosen = portOption || process.env.PORT || (running.length === 1 ? String(running[0]!.port) : '3000');
  const port = Number(chosen);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Refused(`not a port: "${chosen}"`);
  const dir = stackDir(port);
  const stack = running.find((record) => record.port === port);
  return {
    port,
    running: stack,
    dataDir: stack?.dataDir ?? resolve(ROOT, process.env.DYNAMODB_DATA_DIR || join(dir, 'dynamodb')),
    keysFile: stack?.keysFile ?? join(dir, 'jwks.json'),
  };
}

function status(): void {
  const running = runningStacks();
  if (running.length === 0) {
    console.log('no local stack is running (npm start starts one)');
    return;
  }
  for (const stack of running) {
    console.log(
      `port ${stack.port}: pid ${stack.pid}, API ${stack.baseUrl}, DynamoDB ${stack.env?.DYNAMODB_ENDPOINT}, table ${stack.env?.TABLE_NAME}, data ${stack.dataDir ? shown(stack.dataDir) : 'in memory'}`,
    );
  }
}

async function table({ port, running, dataDir }: Target): Promise<void> {
  let endpoint = running?.env?.DYNAMODB_ENDPOINT;
  const tableName = running?.env?.TABLE_NAME ?? process.env.TABLE_NAME ?? 'auth-api-local';
  let stopDynamoDb: (() => Promise<void>) | undefined;
  if (!endpoint) {
    if (!existsSync(join(dataDir, DATABASE_FILE)))
      throw new Refused(`no stack runs on port ${port} and ${shown(dataDir)} holds no table data`);
    const java = checkJava();
    if (!java.ok) throw new Refused(java.message);
    const dynamodb = await startDynamoDbLocal({ dataDir });
    endpoint = dynamodb.endpoint;
    stopDynamoDb = dynamodb.stop;
  }
  try {
    const [{ scanAll }, { openDatabase }] = await Promise.all([import('../lib/store/scan-all'), import('../lib/store/client')]);
    const db = openDatabase({ dynamodbEndpoint: endpoint, tableName, region: 'us-east-1', dynamodbTimeoutMs: 10_000 });
    const items: Record<string, unknown>[] = [];
    for await (const item of scanAll(db)) items.push(item);
    const key = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
    items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const { pk, sk, ...rest } of items)
      console.log(JSON.stringify({ pk, sk, ...rest }, (_, value: unknown) => (value instanceof Set ? [...value] : value)));
    console.error(`${items.length} items in ${tableName} (port ${port}, ${endpoint})`);
  } finally {
    await stopDynamoDb?.();
  }
}

async function reset({ port, running, dataDir, keysFile }: Target, yes: boolean): Promise<void> {
  if (running) throw new Refused(`the stack on port ${port} is running (pid ${running.pid}): stop it (Ctrl-C in its terminal) first`);
  // The local bucket's objects (profile images) are kept beside the table's data (scripts/local/s3.ts).
  const files = [join(dataDir, DATABASE_FILE), join(dataDir, S3_DATA_DIR), keysFile].filter((file) => existsSync(file));
  if (files.length === 0) {
    console.log(`nothing to reset for port ${port}: no table data in ${shown(dataDir)}, no key at ${shown(keysFile)}`);
    return;
  }
  console.log(
    `this deletes the local table's data and the signing key of port ${port}:\n${files.map((file) => `  ${shown(file)}`).join('\n')}`,
  );
  if (!yes) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question('type "yes" to delete them: ').finally(() => prompt.close());
    if (answer.trim() !== 'yes') throw new Refused('not reset: nothing was deleted');
  }
  for (const file of files) rmSync(file, { force: true, recursive: true });
  // npm start's own folders go too once empty; a DYNAMODB_DATA_DIR of yours keeps everything else.
  for (const dir of [dataDir, stackDir(port)]) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  console.log(`reset: the next npm start on port ${port} creates an empty table and a new key`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string' }, yes: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  const [command] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || !['status', 'table', 'reset'].includes(command!)) {
    console.error(USAGE);
    return 2;
  }
  try {
    if (command === 'status') status();
    else if (command === 'table') await table(target(values.port));
    else await reset(target(values.port), values.yes);
    return 0;
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    console.error(`local ${command}: ${error.message}`);
    return 1;
  }
}

main().then(
  // Once stdout has taken everything: `table` can print more than a pipe holds at once.
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    console.error(`local: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
