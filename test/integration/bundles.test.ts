// What each function's bundle carries, built with serverless.yml's own esbuild settings: sizes are
// deterministic, so the 200 KB budget is held here too; timings stay in `npm run bench`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedBuildOptions, serverlessYml } from '../../scripts/build/deployed-options';

const ROOT = resolve(__dirname, '../..');
const functions = readdirSync(join(ROOT, 'functions'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''));
const bundles = new Map<string, { gzipKb: number; modules: Set<string> }>();

/** Source files and packages with code in the output (tree-shaken ones are left out). */
function carried(metafile: Metafile): Set<string> {
  const [output] = Object.values(metafile.outputs);
  return new Set(
    Object.entries(output!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path),
  );
}

beforeAll(async () => {
  for (const name of functions) {
    const result = await build({
      ...deployedBuildOptions(),
      entryPoints: [join(ROOT, 'functions', `${name}.ts`)],
      write: false,
      outfile: `${name}.js`,
      metafile: true,
    });
    bundles.set(name, { gzipKb: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024, modules: carried(result.metafile) });
  }
}, 60_000);

/** The IAM actions each document-client command needs; a transaction is authorised per item action. */
const IAM_ACTIONS: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  QueryCommand: ['dynamodb:Query'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
};

/** The DynamoDB commands constructed by the store modules a bundle carries. */
function commandsSent(modules: Set<string>): string[] {
  const sources = [...modules].filter((path) => path.startsWith('lib/store/')).map((path) => readFileSync(join(ROOT, path), 'utf8'));
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/new (\w+Command)\(/g)].map((match) => match[1]!)))];
}

describe('function bundles', () => {
  it('are each at most 200 KB gzipped', () => {
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const name of functions) expect({ name, under200Kb: bundles.get(name)!.gzipKb <= 200 }).toEqual({ name, under200Kb: true });
  });

  it("carry the common-password list and Python's digit table only where passwords are chosen (register, reset, change)", () => {
    for (const table of ['lib/users/common-passwords.json', 'lib/users/python-isdigit.ts']) {
      const carriers = functions.filter((name) => bundles.get(name)!.modules.has(table)).sort();
      expect({ table, in: carriers }).toEqual({ table, in: ['password-change', 'password-reset-confirm', 'register'] });
    }
  });

  it('carry the SES client in the mailer only, and the reset and verification pages no AWS SDK at all', () => {
    const withSes = functions.filter((name) => [...bundles.get(name)!.modules].some((m) => m.startsWith('@aws-sdk/client-sesv2')));
    expect(withSes).toEqual(['mailer']);
    for (const page of ['reset-page', 'verify-page']) {
      expect({ page, sdk: [...bundles.get(page)!.modules].filter((m) => m.startsWith('@aws-sdk/')) }).toEqual({ page, sdk: [] });
    }
  });

  it("send only DynamoDB commands that the functions' role allows", () => {
    const { provider } = serverlessYml<{ provider: { iam: { role: { statements: { Action: string[] }[] } } } }>();
    const granted = new Set(provider.iam.role.statements.flatMap((statement) => statement.Action));
    const sent = [...new Set(functions.flatMap((name) => commandsSent(bundles.get(name)!.modules)))].sort();
    expect(sent).toEqual(expect.arrayContaining(['BatchGetCommand', 'PutCommand', 'TransactWriteCommand']));
    const missing = sent.flatMap((command) =>
      (IAM_ACTIONS[command] ?? [`${command}: unknown, add it to IAM_ACTIONS`]).filter((action) => !granted.has(action)),
    );
    expect(missing).toEqual([]);
  });

  it('carry no SSM client, and jwks and health no DynamoDB client', () => {
    for (const name of functions) expect(bundles.get(name)!.modules.has('@aws-sdk/client-ssm')).toBe(false);
    expect(bundles.get('jwks')!.modules.has('@aws-sdk/client-dynamodb')).toBe(false);
    expect(bundles.get('health')!.modules.has('@aws-sdk/client-dynamodb')).toBe(false);
    expect(bundles.get('me')!.modules.has('@aws-sdk/client-dynamodb')).toBe(true);
  });
});
