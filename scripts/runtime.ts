// The Node the project's scripts run on: Lambda's major (serverless.yml's runtime), pinned per
// platform by the lockfile through the npm registry's node-<os>-<cpu> packages.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serverlessYml } from './build/deployed-options';

const ROOT = resolve(__dirname, '..');

/** 24 for `nodejs24.x`: the major every script, test and benchmark must run on. */
export function lambdaNodeMajor(): number {
  const { provider } = serverlessYml<{ provider: { runtime: string } }>();
  const match = /^nodejs(\d+)\.x$/.exec(provider.runtime);
  if (!match) throw new Error(`serverless.yml: provider.runtime "${provider.runtime}" is not nodejsNN.x`);
  return Number(match[1]);
}

/** The npm package holding this platform's Node binary (it puts `node` in node_modules/.bin). */
export const platformPackage = (platform: string = process.platform, arch: string = process.arch) =>
  `node-${platform === 'win32' ? 'win' : platform}-${arch}`;

/** Every platform package package.json pins, by name, with its exact version. */
export function pinnedNodePackages(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
  return Object.fromEntries(Object.entries(pkg.optionalDependencies ?? {}).filter(([name]) => /^node-[a-z0-9]+-[a-z0-9]+$/.test(name)));
}

/** Why this process is not on the pinned runtime, or undefined when it is. */
export function runtimeProblem(version: string = process.versions.node): string | undefined {
  const major = lambdaNodeMajor();
  if (Number(version.split('.')[0]) === major) return undefined;
  const name = platformPackage();
  const pinned = pinnedNodePackages()[name];
  const advice = pinned
    ? `run it through npm (npm start, npm test, npx serverless …), which puts node_modules/.bin/node (${name}@${pinned}) first on PATH; run npm install if node_modules/${name} is missing`
    : `npm has no Node ${major} package for ${process.platform}-${process.arch} (${name}); install Node ${major} yourself (e.g. nvm install ${major}) and run npm from it`;
  return `running on Node ${version}, but Lambda runs Node ${major}: ${advice}`;
}
