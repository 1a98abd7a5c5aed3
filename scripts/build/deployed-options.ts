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
  return {
    bundle: true,
    minify,
    treeShaking,
    target,
    platform,
    format,
    mainFields,
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless-esbuild loads the same CommonJS file
    plugins: require(join(ROOT, plugins as string)),
    logLevel: 'error',
  } as BuildOptions;
}

/**
 * The region `serverless deploy` uses, by serverless.yml's own rule (`--region`, else AWS_REGION,
 * else its default): the scripts that act on a stage's AWS resources (npm run keys) use it too.
 */
export function deployRegion(option: string | undefined, env: Record<string, string | undefined> = process.env): string {
  const { provider } = serverlessYml<{ provider: { region: string } }>();
  const rule = /^\$\{opt:region, env:AWS_REGION, '([a-z0-9-]+)'\}$/.exec(provider.region);
  if (!rule)
    throw new Error(
      `serverless.yml: provider.region "${provider.region}" no longer reads \${opt:region, env:AWS_REGION, '<default>'}: update deployRegion`,
    );
  return option || env.AWS_REGION || rule[1]!;
}
