// Cold starts: each bundle (bench/bundles.ts) loaded in a fresh Node process that answers its
// first request and then a few warm ones, on one or more Node runtimes, the processes taken in
// rounds over bundles and runtimes so that a slow spell of this shared machine falls on all of
// them alike (the references above all).
import { spawnSync } from 'node:child_process';
import { floorFor, isReference, SDK_ONLY_HANDLER, type Bundle } from './bundles';
import { median } from './stats';

const WARM_REQUESTS = 5;

export interface ColdStart {
  function: string;
  /** The runtime's process.versions.node. */
  node: string;
  raw_kb: number;
  gzip_kb: number;
  /** Spawning `node` to the first answer, median over fresh processes. */
  first_answer_ms: number;
  /** The same request warm, in the same processes. */
  warm_ms: number;
  /** What being cold adds: first answer less the warm request's own work (bcrypt, for login). */
  cold_start_ms: number;
  /** The reference it is held against: the DynamoDB client alone. */
  reference: string;
  /**
   * Its cold start over its reference's: for a function, the median of its processes' ratios to
   * the reference process run beside each; for a reference, the ratio of the two medians.
   */
  vs_reference: number;
  /** cold_start_ms over its design's floor's (bench/bundles.ts floorFor), on the same runtime, where it has one. */
  vs_floor?: number;
}

export const isReferenceRow = (row: ColdStart) => isReference(row.function);

/**
 * Each event list is answered in order by one fresh process: the first request cold, the rest
 * warm. Events must not depend on each other's outcome (a logout needs a token per request).
 */
interface Sample {
  first: number;
  warm: number;
  version: string;
}

function timeProcess(node: string, file: string, events: unknown[], env: NodeJS.ProcessEnv): Sample {
  // Lambda's runtime has its log channel ready before it loads a function; here that is stdout
  // (a pipe), whose stream Node creates on first use: created first, in every process alike.
  const probe = `
    process.stdout.write('');
    const started = Date.now() - Math.round(performance.now());
    const { handler } = require(${JSON.stringify(file)});
    const context = { awsRequestId: 'cold', getRemainingTimeInMillis: () => 10000 };
    (async () => {
      const events = ${JSON.stringify(events)};
      const statuses = [(await handler(events[0], context)).statusCode];
      const first = Date.now() - started;
      const warm = [];
      for (const event of events.slice(1)) {
        const t = performance.now();
        statuses.push((await handler(event, context)).statusCode);
        warm.push(performance.now() - t);
      }
      process.stdout.write('\\n' + JSON.stringify({ first, warm, statuses, version: process.versions.node }) + '\\n');
    })();`;
  const result = spawnSync(node, ['-e', probe], { env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`cold-start probe of ${file} on ${node} failed: ${result.stderr.slice(0, 500)}`);
  // The result is the last line; the function's own log and metrics lines come before it.
  const { first, warm, statuses, version } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
    first: number;
    warm: number[];
    statuses: number[];
    version: string;
  };
  // An error answer would time the wrong path.
  if (statuses.some((status) => status >= 300)) throw new Error(`cold-start probe of ${file} answered ${statuses.join(', ')}`);
  return { first, warm: warm.length > 0 ? median(warm) : 0, version };
}

/**
 * Processes per bundle and runtime. With 15, one function's ratio moved by up to 0.15 from one run
 * to the next on this machine (me: 1.13–1.30 in runs of the same code), as much as the budget's
 * margin; 25 narrow that, for about two more minutes.
 */
export const COLD_START_RUNS = 25;
/** Requests each function's events must supply per runtime: a fresh process answers 1 + WARM_REQUESTS. */
export const COLD_START_REQUESTS = COLD_START_RUNS * (1 + WARM_REQUESTS);

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The functions run as deployed: logging at `info` and publishing their metrics (EMF lines on
 * stdout), which their first requests pay for.
 * `events[name](i)` builds the i-th request (0 ≤ i < COLD_START_REQUESTS × runtimes) for a
 * function: each process gets fresh ones. Bundles without events (references) get `{}`.
 */
export function measureColdStarts(
  bundles: Bundle[],
  events: Record<string, (i: number) => unknown>,
  runtimes: string[],
  env: NodeJS.ProcessEnv,
): ColdStart[] {
  const runs = bundles.flatMap((bundle) =>
    runtimes.map((node) => ({
      bundle,
      node,
      make: events[bundle.name] ?? (() => ({})),
      samples: [] as Sample[],
      /** Each of its processes' cold start over that of the reference process run beside it. */
      paired: [] as number[],
    })),
  );
  // Per function, across its runtimes: each request index is used once.
  const requests = new Map<string, number>();
  const next = (name: string) => {
    const i = requests.get(name) ?? 0;
    requests.set(name, i + 1);
    return i;
  };
  const deployedEnv = { ...env, LOG_LEVEL: 'info', METRICS_ENABLED: 'true' };
  const sample = (entry: (typeof runs)[number]) => {
    const batch = Array.from({ length: 1 + WARM_REQUESTS }, () => entry.make(next(entry.bundle.name)));
    const taken = timeProcess(entry.node, entry.bundle.file, batch, deployedEnv);
    entry.samples.push(taken);
    return taken;
  };
  const referenceOn = (node: string) => runs.find((r) => r.bundle.name === SDK_ONLY_HANDLER && r.node === node);
  for (let run = 0; run < COLD_START_RUNS; run += 1) {
    // A new order every round: a disturbance that recurs at some moment of a round (the database's
    // own pauses) must not fall on the same bundle every time.
    for (const entry of shuffled(runs)) {
      const reference = referenceOn(entry.node);
      if (isReference(entry.bundle.name) || !reference) {
        sample(entry);
        continue;
      }
      // The budget's ratio is taken against a reference process run just before or just after
      // (at random), so that a slow spell of this shared machine, lasting seconds, falls on both:
      // with the ratio of two medians, one function's ratio moved by up to 0.2 between runs.
      const referenceFirst = Math.random() < 0.5;
      const before = referenceFirst ? sample(reference) : undefined;
      const taken = sample(entry);
      const beside = before ?? sample(reference);
      entry.paired.push((taken.first - taken.warm) / (beside.first - beside.warm));
    }
  }
  const rows = runs.map(({ bundle, samples, paired }): ColdStart => {
    const first = median(samples.map((s) => s.first));
    const warm = median(samples.map((s) => s.warm));
    return {
      function: bundle.name,
      node: samples[0]!.version,
      raw_kb: bundle.raw_kb,
      gzip_kb: bundle.gzip_kb,
      first_answer_ms: first,
      warm_ms: Number(warm.toFixed(1)),
      cold_start_ms: Math.round(first - warm),
      // Issue #13's budget: every function against the client alone.
      reference: SDK_ONLY_HANDLER,
      vs_reference: paired.length > 0 ? Number(median(paired).toFixed(2)) : 0,
    };
  });
  const ratio = (row: ColdStart, reference: string) =>
    Number((row.cold_start_ms / rows.find((r) => r.function === reference && r.node === row.node)!.cold_start_ms).toFixed(2));
  for (const row of rows) {
    if (isReference(row.function)) row.vs_reference = ratio(row, row.reference);
    const floor = floorFor(row.function);
    if (floor) row.vs_floor = ratio(row, floor);
  }
  return rows;
}
