// serverless.yml's own esbuild settings as esbuild options: the bench and the bundle tests build
// exactly what deploys.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');

export function deployedBuildOptions(): BuildOptions {
  const { custom } = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as { custom: { esbuild: Record<string, unknown> } };
  const { minify, treeShaking, target, platform, format, mainFields, plugins } = custom.esbuild;
  return { bundle: true, minify, treeShaking, target, platform, format, mainFields, plugins: require(join(ROOT, plugins as string)), logLevel: 'error' } as BuildOptions;
}
