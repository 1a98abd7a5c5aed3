// Records which Node runs each process a command starts: NODE_OPTIONS preloads a script in every
// one of them (npm, tsx, serverless, …) that appends its entry script and Node version to a file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';

export interface NodeProcess {
  script: string;
  node: string;
}

export function recordNodeProcesses(): { env: Record<string, string>; processes: () => NodeProcess[] } {
  const dir = mkdtempSync(join(tmpdir(), 'node-processes-'));
  const file = join(dir, 'processes.jsonl');
  const recorder = join(dir, 'record.cjs');
  writeFileSync(file, '');
  writeFileSync(
    recorder,
    `require('node:fs').appendFileSync(${JSON.stringify(file)}, JSON.stringify({ script: process.argv[1] || '', node: process.versions.node }) + '\\n');\n`,
  );
  return {
    env: { NODE_OPTIONS: `--require "${recorder}"` },
    processes: () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as NodeProcess),
  };
}

/**
 * This process's PATH without any node_modules/.bin (npm test put the project's first): what a
 * shell has, so that a command run through npm finds the pinned Node only if npm puts it there.
 */
export function shellPath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.endsWith(`${sep}node_modules${sep}.bin`))
    .join(delimiter);
}
