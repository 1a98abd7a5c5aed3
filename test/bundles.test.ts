// What each function's bundle carries, built with serverless.yml's own esbuild settings: sizes are
// deterministic, so the 200 KB budget is held here too; timings stay in `npm run bench`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedBuildOptions } from '../scripts/build/deployed-options';

const ROOT = resolve(__dirname, '..');
const functions = readdirSync(join(ROOT, 'functions')).filter((file) => file.endsWith('.ts')).map((file) => file.replace(/\.ts$/, ''));
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
    const result = await build({ ...deployedBuildOptions(), entryPoints: [join(ROOT, 'functions', `${name}.ts`)], write: false, outfile: `${name}.js`, metafile: true });
    bundles.set(name, { gzipKb: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024, modules: carried(result.metafile) });
  }
}, 60_000);

describe('function bundles', () => {
  it('are each at most 200 KB gzipped', () => {
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const name of functions) expect({ name, under200Kb: bundles.get(name)!.gzipKb <= 200 }).toEqual({ name, under200Kb: true });
  });

  it('carry the common-password list only where passwords are chosen (register)', () => {
    const withList = functions.filter((name) => bundles.get(name)!.modules.has('lib/users/common-passwords.json'));
    expect(withList).toEqual(['register']);
  });

  it('carry no SSM client, and jwks no DynamoDB client', () => {
    for (const name of functions) expect(bundles.get(name)!.modules.has('@aws-sdk/client-ssm')).toBe(false);
    expect(bundles.get('jwks')!.modules.has('@aws-sdk/client-dynamodb')).toBe(false);
    expect(bundles.get('me')!.modules.has('@aws-sdk/client-dynamodb')).toBe(true);
  });
});
