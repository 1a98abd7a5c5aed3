// The rules the tooling keeps (lint, format, layering) are real checks: each fails on a file that
// breaks it. The files are written into the tree, checked, and removed again.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);
const TAG = `__violates_${process.pid}__`;

/** Each layering rule, and a file (path, source) that breaks it. */
const LAYERING: [rule: string, path: string, source: string][] = [
  ['functions-are-thin', `functions/${TAG}.ts`, "export { createStore } from '../lib/store';"],
  ['http-knows-no-adapter', `lib/http/${TAG}.ts`, "export { createTokens } from '../tokens';"],
  ['use-cases-stay-below-http', `lib/auth/${TAG}.ts`, "export { httpHandler } from '../http';"],
  ['adapters-stay-below-use-cases', `lib/store/${TAG}.ts`, "export { login } from '../auth/login';"],
  ['domain-is-pure', `lib/domain/${TAG}.ts`, "export { ConfigError } from '../errors';"],
  ['production-code-imports-no-tools', `lib/${TAG}.ts`, "export { freePort } from '../scripts/local/ports';"],
  ['only-tests-import-tests', `bench/${TAG}.ts`, "export { newUser } from '../test/support/http';"],
  ['dynamodb-sdk-in-the-store', `lib/auth/${TAG}-sdk.ts`, "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
  ['sigv4-in-aws-signer', `lib/parameters/${TAG}.ts`, "export { SignatureV4 } from '@smithy/signature-v4';"],
  ['sesv2-in-mail', `lib/mail/${TAG}-ses.ts`, "export { SESv2Client } from '@aws-sdk/client-sesv2';"],
  ['jose-in-tokens', `lib/auth/${TAG}-jose.ts`, "export { SignJWT } from 'jose';"],
  ['hashers-in-passwords', `lib/auth/${TAG}-bcrypt.ts`, "export { default } from 'bcryptjs';"],
  ['middy-in-http', `lib/auth/${TAG}-middy.ts`, "export { default } from '@middy/core';"],
  ['s3-sdk-in-files', `lib/auth/${TAG}-s3.ts`, "export { S3Client } from '@aws-sdk/client-s3';"],
  ['s3-sdk-in-files', `lib/files/${TAG}-post.ts`, "export { createPresignedPost } from '@aws-sdk/s3-presigned-post';"],
  ['no-circular', `lib/${TAG}-a.ts`, `import { b } from './${TAG}-b';\nexport const a = () => b;`],
];
// The other half of the cycle.
const CYCLE: [string, string] = [`lib/${TAG}-b.ts`, `import { a } from './${TAG}-a';\nexport const b = () => a;`];

const ESLINT: [what: string, path: string, source: string, message: RegExp][] = [
  [
    'process.env read outside lib/config',
    `lib/${TAG}-env.ts`,
    'export const stage = process.env.STAGE;\n',
    /Only lib\/config\.ts reads process\.env/,
  ],
  [
    'process.env set by a test',
    `test/${TAG}-env.test.ts`,
    "process.env.BCRYPT_COST = '4';\nObject.assign(process.env, { A: 'b' });\n",
    /Do not set process\.env/,
  ],
  [
    'a floating promise',
    `lib/${TAG}-promise.ts`,
    'export function f(): void {\n  void 0;\n  Promise.resolve(1);\n}\n',
    /no-floating-promises/,
  ],
];

const written: string[] = [];
function write(path: string, source: string) {
  mkdirSync(dirname(join(ROOT, path)), { recursive: true });
  writeFileSync(join(ROOT, path), source);
  written.push(path);
}

async function failing(command: string, args: string[]): Promise<string> {
  try {
    await run(command, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`;
  }
  throw new Error(`${command} ${args.join(' ')} passed, but the tree breaks its rules`);
}

beforeAll(() => {
  for (const [, path, source] of LAYERING) write(path, `${source}\n`);
  write(...CYCLE);
  for (const [, path, source] of ESLINT) write(path, source);
  write(`lib/${TAG}-format.ts`, 'export const  badly   =  {a:1,\n b :2}\n');
});

afterAll(() => {
  for (const path of written) rmSync(join(ROOT, path), { force: true });
});

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

describe('the layering (dependency-cruiser)', () => {
  let report = '';
  beforeAll(async () => {
    report = await failing(bin('depcruise'), ['lib', 'functions', 'scripts', 'bench', '--config', '.dependency-cruiser.cjs']);
  }, 60_000);

  it.each(LAYERING)('%s refuses %s', (rule, path) => {
    expect(report).toMatch(new RegExp(`error ${rule}: ${path.replace(/[.]/g, '\\.')}`));
  });
});

describe('the lint (ESLint, type-aware)', () => {
  let report = '';
  beforeAll(async () => {
    report = await failing(
      bin('eslint'),
      ESLINT.map(([, path]) => path),
    );
  }, 60_000);

  it.each(ESLINT)('refuses %s', (_, path, _source, message) => {
    const section = report.slice(report.indexOf(path));
    expect(section.slice(0, section.indexOf('\n\n'))).toMatch(message);
  });
});

describe('the format (Prettier)', () => {
  it('refuses a file not formatted as the rest', async () => {
    const report = await failing(bin('prettier'), ['--check', `lib/${TAG}-format.ts`]);
    expect(report).toContain(`lib/${TAG}-format.ts`);
  }, 30_000);
});
