// Cold starts: each function bundled as serverless.yml bundles it (esbuild, minified, module-first,
// CommonJS), loaded in a fresh Node process that answers one request; beside an empty handler
// bundled the same way. Also the bundle sizes, raw and gzipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, '..');

export interface ColdStart {
  function: string;
  raw_kb: number;
  gzip_kb: number;
  cold_start_median_ms: number;
}

function bundle(entry: string, outfile: string): Buffer {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return readFileSync(outfile);
}

/** Wall time from spawning `node` to the handler's first answer, median of `runs` fresh processes. */
function coldStartMs(file: string, event: unknown, env: NodeJS.ProcessEnv, runs: number): number {
  const probe = `
    const started = Date.now() - Math.round(performance.now());
    const { handler } = require(${JSON.stringify(file)});
    Promise.resolve(handler(${JSON.stringify(event)}, { awsRequestId: 'cold', getRemainingTimeInMillis: () => 10000 }))
      .then(() => process.stdout.write(String(Date.now() - started)));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8', timeout: 30_000 });
    times.push(Number(result.stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function measureColdStarts(env: NodeJS.ProcessEnv, events: Record<string, unknown>, runs = 5): ColdStart[] {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  try {
    const empty = join(dir, 'empty.ts');
    writeFileSync(empty, 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n');
    const entries: [string, string][] = [['(empty handler)', empty], ...Object.keys(events).map((name): [string, string] => [name, join(ROOT, 'functions', `${name}.ts`)])];
    return entries.map(([name, entry]) => {
      const file = join(dir, `${name.replace(/\W/g, '')}.js`);
      const code = bundle(entry, file);
      return {
        function: name,
        raw_kb: Number((code.length / 1024).toFixed(1)),
        gzip_kb: Number((gzipSync(code, { level: 9 }).length / 1024).toFixed(1)),
        cold_start_median_ms: coldStartMs(file, events[name] ?? {}, env, runs),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
