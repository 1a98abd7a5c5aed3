// What serverless offline (npm start) adds to a request: the same function answering the same
// request over HTTP through the local stack and in-process from its bundle, interleaved, against
// one DynamoDB Local, so that only the emulation differs.
import { median, percentile, round } from './stats';

export interface OfflineOverhead {
  endpoint: string;
  calls: number;
  http_median_ms: number;
  http_p95_ms: number;
  in_process_median_ms: number;
  in_process_p95_ms: number;
  /** Median over the pairs of (HTTP − in-process). */
  overhead_median_ms: number;
}

export interface OverheadCase {
  endpoint: string;
  http: () => Promise<unknown>;
  inProcess: () => Promise<unknown>;
}

const WARM_UP = 50;

export async function measureOfflineOverhead(cases: OverheadCase[], calls: number): Promise<OfflineOverhead[]> {
  const time = async (call: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const samples = cases.map(() => ({ http: [] as number[], inProcess: [] as number[] }));
  for (let i = -WARM_UP; i < calls; i += 1) {
    for (const [index, entry] of cases.entries()) {
      const http = await time(entry.http);
      const inProcess = await time(entry.inProcess);
      if (i < 0) continue;
      samples[index]!.http.push(http);
      samples[index]!.inProcess.push(inProcess);
    }
  }
  return cases.map(({ endpoint }, index) => {
    const { http, inProcess } = samples[index]!;
    return {
      endpoint,
      calls,
      http_median_ms: round(median(http)),
      http_p95_ms: round(percentile(http, 95)),
      in_process_median_ms: round(median(inProcess)),
      in_process_p95_ms: round(percentile(inProcess, 95)),
      overhead_median_ms: round(median(http.map((value, i) => value - inProcess[i]!))),
    };
  });
}
