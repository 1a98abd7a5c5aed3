// serverless.yml as data, and its esbuild settings as esbuild options: the bench and the bundle
// tests build exactly what deploys.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');

/** serverless.yml parsed; CloudFormation tags (`!GetAtt`, …) are left unresolved, quietly. */
export function serverlessYml<T>(): T {
  return parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as T;
}

export function deployedBuildOptions(): BuildOptions {
  const { custom } = serverlessYml<{ custom: { esbuild: Record<string, unknown> } }>();
  const { minify, treeShaking, target, platform, format, mainFields, plugins } = custom.esbuild;
  return { bundle: true, minify, treeShaking, target, platform, format, mainFields, plugins: require(join(ROOT, plugins as string)), logLevel: 'error' } as BuildOptions;
}
