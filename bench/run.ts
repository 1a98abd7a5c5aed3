// `npm run bench [-- --check]`: every handler in-process against its own DynamoDB Local, warm:
// latency percentiles, CPU time and DynamoDB round trips per call (counted at the SDK client),
// beside the floors they cannot beat: one bcrypt compare, and DynamoDB Local's own round trip.
// Writes bench/results.json, the charts and the tables of docs/benchmarks.md; --check exits non-zero when a budget of docs/benchmarks.md is missed.
import { cpus } from 'node:os';
import { runWithBenchDatabase } from './database';
import { httpEvent, lambdaContext } from '../test/support/events';
import { COLD_START_REQUESTS, EMPTY_HANDLER, isReference, measureColdStarts } from './cold-start';
import { measureLoad } from './load';
import type { Measurement } from './charts';
import { writeReport } from './report';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Number(n.toFixed(2));

async function measure(name: string, calls: number, once: (i: number) => Promise<unknown>, roundTrips: () => number): Promise<Measurement> {
  for (let i = 0; i < 3; i += 1) await once(-1 - i); // warm-up
  const times: number[] = [];
  const before = roundTrips();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i += 1) {
    const started = process.hrtime.bigint();
    await once(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  return {
    name,
    calls,
    median_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    cpu_ms: round((cpu.user + cpu.system) / 1000 / calls),
    round_trips: round((roundTrips() - before) / calls),
  };
}

runWithBenchDatabase(async () => {
  const check = process.argv.includes('--check');
  const { config } = await import('../lib/config');
  const { documentClient, tableName } = await import('../lib/store/client');
  const { hashPassword, verifyPassword } = await import('../lib/passwords');
  const { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');

  // Round trips are counted where every request leaves: the document client's send.
  const client = documentClient();
  const send = client.send.bind(client);
  let sent = 0;
  client.send = ((...args: Parameters<typeof send>) => {
    sent += 1;
    return send(...args);
  }) as typeof client.send;
  const roundTrips = () => sent;

  const handler = async (name: string) => (await import(`../functions/${name}.ts`)).handler as (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
  const [register, login, refresh, logout, me] = await Promise.all(['register', 'login', 'refresh', 'logout', 'me'].map(handler));
  const call = async (fn: typeof register, body: unknown, expected: number, headers: Record<string, string> = {}) => {
    const event = httpEvent(body === undefined ? undefined : JSON.stringify(body));
    event.headers = { ...event.headers, ...headers };
    const response = await fn!(event, lambdaContext());
    if (response.statusCode !== expected) throw new Error(`expected ${expected}, got ${response.statusCode}: ${response.body}`);
    return JSON.parse(response.body) as Record<string, any>;
  };

  const cost = config().bcryptCost;
  const password = 'tangerine-Kettle-47';
  const hash = await hashPassword(password, cost);
  const floors = [
    // Login's budget is a multiple of the compare: enough calls that its median is not one noisy sample.
    await measure('floor: bcrypt hash', 20, () => hashPassword(password, cost), roundTrips),
    await measure('floor: bcrypt compare', 40, () => verifyPassword(password, hash), roundTrips),
    await measure('floor: DynamoDB Local GetItem', 200, () => client.send(new GetCommand({ TableName: tableName(), Key: { pk: 'x', sk: 'y' }, ConsistentRead: true })), roundTrips),
    // Login's write when no failures are on record: one new item, on condition it is new.
    await measure('floor: DynamoDB Local PutItem', 200, (i) => client.send(new PutCommand({ TableName: tableName(), Item: { pk: 'floor', sk: `put${i}x${Date.now()}` }, ConditionExpression: 'attribute_not_exists(pk)' })), roundTrips),
    // The shapes refresh and logout actually need: a 3-item consistent read, a 3-item transaction.
    await measure('floor: DynamoDB Local BatchGet×3', 200, () => client.send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: ['a', 'b', 'c'].map((sk) => ({ pk: 'floor', sk })), ConsistentRead: true } } })), roundTrips),
    await measure('floor: DynamoDB Local TransactWrite×3', 200, (i) => client.send(new TransactWriteCommand({ TransactItems: ['a', 'b', 'c'].map((sk) => ({ Update: { TableName: tableName(), Key: { pk: 'floor', sk }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': i } } })) })), roundTrips),
  ];
  sent = 0;

  const user = (i: number) => ({ username: `bench${i}x${Date.now()}`, email: `bench${i}x${Date.now()}@example.com`, password });
  const registered = await call(register, user(-100), 201);
  const { username } = { username: registered.content.username as string };
  const sessions: string[] = [];
  const results = [
    await measure('register', 20, (i) => call(register, user(i), 201), roundTrips),
    await measure('login', 40, async () => sessions.push((await call(login, { username, password }, 200)).refresh as string), roundTrips),
    await measure('login, wrong password', 30, () => call(login, { username, password: 'wrong-password' }, 401), roundTrips),
    await measure('login, unknown user', 30, (i) => call(login, { username: `nobody${i}`, password }, 401), roundTrips),
    await measure('refresh', 200, () => call(refresh, { refresh: sessions[0] }, 200), roundTrips),
    await measure('me', 200, () => call(me, undefined, 200, { authorization: `Bearer ${registered.content.tokens.access}` }), roundTrips),
    await measure('logout', 30, (i) => call(logout, { refresh_token: sessions[i + 3] }, 200), roundTrips),
  ];

  // Logout spends a session per request: the cold-start processes get their own.
  const { planSession } = await import('../lib/auth/token-pair');
  const { startSession } = await import('../lib/store/sessions');
  const spare: string[] = [];
  for (let i = 0; i < COLD_START_REQUESTS + 1; i += 1) {
    const pair = planSession(registered.content.pk as number, config());
    await startSession(pair.record);
    spare.push((await pair.sign()).refresh);
  }
  const body = (value: unknown) => httpEvent(JSON.stringify(value));
  const bearer = { ...httpEvent(undefined), headers: { authorization: `Bearer ${registered.content.tokens.access}` } };
  const coldStarts = await measureColdStarts(process.env, {
    register: (i) => body(user(1000 + i)),
    login: () => body({ username, password }),
    refresh: () => body({ refresh: spare[0] }),
    logout: (i) => body({ refresh_token: spare[1 + i] }),
    me: () => bearer,
    jwks: () => httpEvent(undefined),
  });
  console.table(coldStarts);
  const emptyColdStart = coldStarts.find((c) => c.function === EMPTY_HANDLER)!.cold_start_ms;
  const functions = coldStarts.filter((c) => !isReference(c));

  const load = await measureLoad();
  console.table(load);

  const all = [...floors, ...results];
  console.log(`bench: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, BCRYPT_COST=${cost}`);
  console.table(all);
  const byName = Object.fromEntries(all.map((s) => [s.name, s]));
  const compare = byName['floor: bcrypt compare']!.median_ms;
  const batchGet = byName['floor: DynamoDB Local BatchGet×3']!.median_ms;
  const transactWrite = byName['floor: DynamoDB Local TransactWrite×3']!.median_ms;
  const budgets = [
    { budget: 'register ≤ 2 round trips', ok: byName.register!.round_trips <= 2 },
    { budget: 'login ≤ 2 round trips', ok: byName.login!.round_trips <= 2 && byName['login, wrong password']!.round_trips <= 2 },
    { budget: 'refresh ≤ 2 round trips', ok: byName.refresh!.round_trips <= 2 },
    { budget: 'logout ≤ 1 round trip', ok: byName.logout!.round_trips <= 1 },
    { budget: `login median ≤ 1.10 × compare (${compare} ms) + 5 ms`, ok: byName.login!.median_ms <= 1.1 * compare + 5 },
    { budget: `refresh median within 3 ms of its BatchGet (${batchGet} ms)`, ok: byName.refresh!.median_ms <= batchGet + 3 },
    { budget: `logout median within 3 ms of its TransactWrite (${transactWrite} ms)`, ok: byName.logout!.median_ms <= transactWrite + 3 },
    ...functions.map((c) => ({ budget: `${c.function}: gzipped bundle ≤ 200 KB (${c.gzip_kb} KB)`, ok: c.gzip_kb <= 200 })),
    ...functions.map((c) => ({
      budget: `${c.function}: cold start ≤ 1.5 × empty handler (${c.cold_start_ms} vs ${emptyColdStart} ms)`,
      ok: c.cold_start_ms <= 1.5 * emptyColdStart,
    })),
    { budget: 'zero errors under load', ok: load.every((l) => l.errors === 0) },
    {
      budget: 'unknown user and wrong password within 15% of each other',
      ok: Math.abs(byName['login, unknown user']!.median_ms / byName['login, wrong password']!.median_ms - 1) <= 0.15,
    },
  ];
  console.table(budgets);
  writeReport({ date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }, bcrypt_cost: cost, results: all, cold_starts: coldStarts, load, budgets });
  if (check && budgets.some((b) => !b.ok)) {
    console.error('bench --check: budget missed');
    process.exitCode = 1;
  }
});
