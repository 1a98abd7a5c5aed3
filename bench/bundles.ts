// The bench's bundles: every function built as serverless.yml builds it, and references built the
// same way: an empty handler, a handler that is only the DynamoDB client making one GetItem (the
// least any function reading the table can cost), and that client with bcryptjs, and with login's
// or register's traffic. The warm measurements load the
// functions' bundles in-process, the cold starts in fresh processes: both run what deploys.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { deployedBuildOptions } from '../scripts/build/deployed-options';

const ROOT = resolve(__dirname, '..');

/** Reference handlers: their rows are named in parentheses, and no budget applies to them. */
export const EMPTY_HANDLER = '(empty handler)';
export const SDK_ONLY_HANDLER = '(DynamoDB client, one GetItem)';
export const SDK_AND_BCRYPT_HANDLER = '(DynamoDB client and bcryptjs, one GetItem and one compare)';
export const LOGIN_TRAFFIC_HANDLER = "(DynamoDB client, bcryptjs and login's traffic)";
export const REGISTER_TRAFFIC_HANDLER = "(DynamoDB client, bcryptjs and register's traffic)";
// The same client settings a local stack uses (lib/store/client.ts): DynamoDB Local, fixed credentials.
const LOCAL_CLIENT = `new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })`;
const REFERENCES: Record<string, string> = {
  [EMPTY_HANDLER]: 'export const handler = async () => ({ statusCode: 200, body: "{}" });',
  [SDK_ONLY_HANDLER]: `
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    const client = ${LOCAL_CLIENT};
    export const handler = async () => {
      await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'cold' }, sk: { S: 'start' } }, ConsistentRead: true }));
      return { statusCode: 200, body: '{}' };
    };`,
  // The same, and one bcrypt compare at cost 10 (bcryptjs, as lib/passwords uses it): the least a
  // function that checks or hashes a password can cost to start.
  [SDK_AND_BCRYPT_HANDLER]: `
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    import bcrypt from 'bcryptjs';
    const client = ${LOCAL_CLIENT};
    const HASH = '$2b$10$KohzapettMkXoxCYi5UB/OC3WXPW9Aq7JsdaCL8ZObQRorHN6u9R.';
    export const handler = async () => {
      await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'cold' }, sk: { S: 'start' } }, ConsistentRead: true }));
      if (!(await bcrypt.compare('reference', HASH))) throw new Error('the reference hash does not match');
      return { statusCode: 200, body: '{}' };
    };`,
  // The same client and compare, with login's database traffic in its shapes around the compare
  // (bench/login-floor.ts: #12's counting, then the session's write): login's design, none of our code.
  [LOGIN_TRAFFIC_HANDLER]: `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    import bcrypt from 'bcryptjs';
    import { loginFloor } from './bench/login-floor';
    const client = DynamoDBDocumentClient.from(${LOCAL_CLIENT});
    const floor = loginFloor({ client, unretried: client, table: process.env.TABLE_NAME });
    const HASH = '$2b$10$KohzapettMkXoxCYi5UB/OC3WXPW9Aq7JsdaCL8ZObQRorHN6u9R.';
    let calls = 0;
    export const handler = async () => {
      calls += 1;
      await floor.firstWait(calls);
      if (!(await bcrypt.compare('reference', HASH))) throw new Error('the reference hash does not match');
      await floor.write(calls);
      return { statusCode: 200, body: '{}' };
    };`,
  // The same for register (bench/register-floor.ts): its window, its id counter while one bcrypt
  // hash is made at cost 10, its transaction.
  [REGISTER_TRAFFIC_HANDLER]: `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    import bcrypt from 'bcryptjs';
    import { registerFloor } from './bench/register-floor';
    const client = DynamoDBDocumentClient.from(${LOCAL_CLIENT});
    const floor = registerFloor({ client, unretried: client, table: process.env.TABLE_NAME });
    let calls = 0;
    export const handler = async () => {
      calls += 1;
      await floor.rateWindow();
      await Promise.all([floor.nextId(), bcrypt.hash('reference', 10)]);
      await floor.write(calls);
      return { statusCode: 200, body: '{}' };
    };`,
};

export const isReference = (name: string) => name in REFERENCES;

/**
 * What a function's design costs to start with none of our code, where a reference shows it: the
 * client, bcryptjs and the function's own database traffic, for login and register. Shown beside
 * the budget's ratio; no budget applies to it.
 */
const FLOORS: Record<string, string> = { login: LOGIN_TRAFFIC_HANDLER, register: REGISTER_TRAFFIC_HANDLER };
export const floorFor = (name: string): string | undefined => FLOORS[name];

export interface Bundle {
  name: string;
  file: string;
  raw_kb: number;
  gzip_kb: number;
}

export interface Bundles {
  /** References first, then every function in functions/. */
  all: Bundle[];
  get: (name: string) => Bundle;
  remove: () => void;
}

export async function buildBundles(): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const options = deployedBuildOptions();
  const functions = readdirSync(join(ROOT, 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.replace(/\.ts$/, ''));
  const all: Bundle[] = [];
  for (const name of [...Object.keys(REFERENCES), ...functions]) {
    const file = join(dir, `${name.replace(/\W/g, '')}.js`);
    const reference = REFERENCES[name];
    const entry =
      reference === undefined
        ? { entryPoints: [join(ROOT, 'functions', `${name}.ts`)] }
        : { stdin: { contents: reference, resolveDir: ROOT, loader: 'ts' as const } };
    await build({ ...options, ...entry, outfile: file });
    const code = readFileSync(file);
    all.push({
      name,
      file,
      raw_kb: Number((code.length / 1024).toFixed(1)),
      gzip_kb: Number((gzipSync(code, { level: 9 }).length / 1024).toFixed(1)),
    });
  }
  return {
    all,
    get: (name) =>
      all.find((bundle) => bundle.name === name) ??
      (() => {
        throw new Error(`no bundle ${name}`);
      })(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
