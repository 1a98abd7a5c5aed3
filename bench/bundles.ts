// The bench's bundles: every function built as serverless.yml builds it, and two references built
// the same way: an empty handler, and a handler that is only the DynamoDB client making one
// GetItem (the least any function reading the table can cost). The warm measurements load the
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
  // The same, and one bcrypt compare at cost 10 (bcryptjs, as lib/passwords uses it): the least a
  // function that checks or hashes a password can cost to start.
  [SDK_AND_BCRYPT_HANDLER]: `
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    import bcrypt from 'bcryptjs';
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const HASH = '$2b$10$KohzapettMkXoxCYi5UB/OC3WXPW9Aq7JsdaCL8ZObQRorHN6u9R.';
    export const handler = async () => {
      await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'cold' }, sk: { S: 'start' } }, ConsistentRead: true }));
      if (!(await bcrypt.compare('reference', HASH))) throw new Error('the reference hash does not match');
      return { statusCode: 200, body: '{}' };
    };`,
};

export const isReference = (name: string) => name in REFERENCES;

/**
 * The functions whose every request spends one bcrypt operation (a compare or a hash): their floor
 * is the client with bcryptjs, whose first run is slower than its warm ones until V8 has
 * optimised it (a cost of being cold that no code of ours adds), as the client alone is everyone's.
 */
const PASSWORD_FUNCTIONS = new Set(['login', 'register', 'password-change', 'password-reset-confirm']);

/** The reference a function's cold start is held against. */
export const referenceFor = (name: string) => (PASSWORD_FUNCTIONS.has(name) ? SDK_AND_BCRYPT_HANDLER : SDK_ONLY_HANDLER);

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
