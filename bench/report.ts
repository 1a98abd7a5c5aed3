// The bench's written results: bench/results.json, the charts, and the generated section of
// docs/benchmarks.md (between its bench:begin and bench:end markers; the prose around it is kept).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { latencyChart, throughputChart, type Measurement } from './charts';
import type { ColdStart } from './cold-start';
import type { LoadResult } from './load';
import type { OfflineOverhead } from './offline';

const ROOT = resolve(__dirname, '..');
const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

export interface Results {
  date: string;
  machine: { cpu: string; cores: number; node: string };
  bcrypt_cost: number;
  results: Measurement[];
  cold_starts: ColdStart[];
  offline: OfflineOverhead[];
  load: LoadResult[];
  budgets: { budget: string; ok: boolean }[];
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const compareFloor = (r: Results) => r.results.find((m) => m.name === 'floor: bcrypt compare')!.median_ms;

/** One row per function; the run's own Node first and in full, any other Node's cold starts beside. */
function coldStartTable(r: Results): string {
  const nodes = [...new Set(r.cold_starts.map((c) => c.node))];
  const [primary, ...others] = nodes;
  const head = [
    'function',
    'raw',
    'gzipped',
    `Node ${primary}: first answer`,
    'warm request',
    'cold start',
    '× reference',
    '× its floor',
    ...others.flatMap((node) => [`Node ${node}: cold start`, '× reference']),
  ];
  const rows = r.cold_starts
    .filter((c) => c.node === primary)
    .map((c) => {
      const beside = others.flatMap((node) => {
        const other = r.cold_starts.find((o) => o.node === node && o.function === c.function)!;
        return [`${other.cold_start_ms} ms`, other.vs_reference.toFixed(2)];
      });
      return [
        c.function,
        `${c.raw_kb} KB`,
        `${c.gzip_kb} KB`,
        `${c.first_answer_ms} ms`,
        `${c.warm_ms} ms`,
        `${c.cold_start_ms} ms`,
        c.vs_reference.toFixed(2),
        c.vs_floor?.toFixed(2) ?? '–',
        ...beside,
      ];
    });
  return table(head, rows);
}

export function markdown(r: Results): string {
  const compare = compareFloor(r);
  return [
    `Run of ${r.date.slice(0, 10)}: ${r.machine.cpu} × ${r.machine.cores}, Node ${r.machine.node}, \`BCRYPT_COST=${r.bcrypt_cost}\`.`,
    '',
    '### Handlers (in-process, warm)',
    '',
    '![Latency per endpoint against the bcrypt floor](benchmarks/latency.svg)',
    '',
    table(
      ['', 'calls', 'median', 'p95', 'p99', 'CPU per call', 'round trips', 'requests', '× compare'],
      r.results.map((m) => [
        m.name,
        m.calls,
        `${m.median_ms} ms`,
        m.p95_ms,
        m.p99_ms,
        `${m.cpu_ms} ms`,
        m.round_trips,
        m.requests,
        (m.median_ms / compare).toFixed(2),
      ]),
    ),
    '',
    '### Bundles and cold starts',
    '',
    coldStartTable(r),
    '',
    '### What serverless offline adds to a request (`npm start`)',
    '',
    table(
      ['endpoint', 'calls', 'over HTTP: median', 'p95', 'in-process: median', 'p95', 'added, median'],
      r.offline.map((o) => [
        o.endpoint,
        o.calls,
        `${o.http_median_ms} ms`,
        `${o.http_p95_ms} ms`,
        `${o.in_process_median_ms} ms`,
        `${o.in_process_p95_ms} ms`,
        `${o.overhead_median_ms} ms`,
      ]),
    ),
    '',
    '### Load (autocannon against the local stack)',
    '',
    '![Throughput against concurrency](benchmarks/throughput.svg)',
    '',
    table(
      ['endpoint', 'connections', 'requests/s', 'p50', 'p90', 'p99', 'errors'],
      r.load.map((l) => [l.endpoint, l.connections, l.requests_per_s, `${l.p50_ms} ms`, `${l.p90_ms} ms`, `${l.p99_ms} ms`, l.errors]),
    ),
    '',
    '### Budgets (`npm run bench -- --check`)',
    '',
    table(
      ['budget', 'result'],
      r.budgets.map((b) => [b.budget, b.ok ? '✓' : '✗ missed']),
    ),
  ].join('\n');
}

export function writeReport(r: Results): void {
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(r, null, 2)}\n`);
  mkdirSync(join(ROOT, 'docs/benchmarks'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/benchmarks/latency.svg'), latencyChart(r.results, compareFloor(r)));
  writeFileSync(join(ROOT, 'docs/benchmarks/throughput.svg'), throughputChart(r.load));
  const path = join(ROOT, 'docs/benchmarks.md');
  const doc = readFileSync(path, 'utf8');
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/benchmarks.md has no ${BEGIN} … ${END} section`);
  writeFileSync(path, `${doc.slice(0, begin + BEGIN.length)}\n${markdown(r)}\n${doc.slice(end)}`);
}
