// Load: autocannon against the local stack (serverless offline + DynamoDB Local) for login and
// refresh at several concurrency levels: throughput, latency percentiles, and errors (must be 0).
import autocannon from 'autocannon';

export interface LoadResult {
  endpoint: string;
  connections: number;
  requests_per_s: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  errors: number;
}

const DURATION_S = Number(process.env.BENCH_LOAD_SECONDS || 5);

export async function measureLoad(baseUrl: string): Promise<LoadResult[]> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, any>;
  };
  const user = { username: `load${Date.now()}`, email: `load${Date.now()}@example.com`, password: 'tangerine-Kettle-47' };
  const { content } = await post('/api/auth/register/', user);
  const scenarios: [string, string, unknown, number[]][] = [
    ['login', '/api/auth/login/', { username: user.username, password: user.password }, [1, 2, 8]],
    ['refresh', '/api/auth/refresh/', { refresh: content.tokens.refresh }, [1, 4, 16]],
  ];
  const results: LoadResult[] = [];
  for (const [endpoint, path, body, levels] of scenarios) {
    for (const connections of levels) {
      const run = await autocannon({
        url: `${baseUrl}${path}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        connections,
        duration: DURATION_S,
      });
      results.push({
        endpoint,
        connections,
        requests_per_s: Number(run.requests.average.toFixed(1)),
        p50_ms: run.latency.p50,
        p90_ms: run.latency.p90,
        p99_ms: run.latency.p99,
        errors: run.errors + run.timeouts + run.non2xx,
      });
    }
  }
  return results;
}
