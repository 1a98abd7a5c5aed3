// `npm run bench [-- --check] [--write] [--compare-node <path>]`: every function's deployed bundle
// in-process against the bench's own DynamoDB Local, warm: latency percentiles, CPU time and
// DynamoDB round trips per call (counted where requests leave: Node's HTTP client), beside the
// floors they cannot beat: one bcrypt compare, and DynamoDB Local's own round trips. Then cold
// starts against the DynamoDB-client reference (also on the Node at --compare-node, if given),
// what serverless offline adds per request, and load through the local stack.
// --check exits non-zero when a budget of docs/benchmarks.md is missed; only --write writes the
// results (bench/results.json, the charts, the tables of docs/benchmarks.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/local/ports';
import { startLocalStack } from '../scripts/local/stack';
import { lambdaNodeMajor, runtimeProblem } from '../scripts/runtime';
import { httpEvent, lambdaContext } from '../scripts/support/lambda-events';
import { buildBundles, isReference } from './bundles';
import type { Measurement } from './charts';
import { COLD_START_REQUESTS, measureColdStarts } from './cold-start';
import { loginFloor } from './login-floor';
import { runWithBenchDatabase } from './database';
import { measureLoad } from './load';
import { measureOfflineOverhead } from './offline';
import { writeReport, type Results } from './report';
import { countRoundTrips, type DatabaseTraffic } from './round-trips';
import { percentile, round } from './stats';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/** The cold-start budget: each function against the DynamoDB-client reference, on Lambda's Node. */
export const COLD_START_BUDGET = 1.25;
/** What serverless offline may add to a request, median. */
export const OFFLINE_OVERHEAD_BUDGET_MS = 5;

interface Operation {
  name: string;
  calls: number;
  once: (i: number) => Promise<unknown>;
}

/**
 * Times operations call by call in turn (a, b, a, b, …) after three warm-up calls each, so that a
 * slow spell of this shared machine falls on all of them alike: a budget that holds a handler to
 * its floor measures the two side by side. Round trips and CPU are counted per call.
 */
async function measureSideBySide(operations: Operation[], traffic: DatabaseTraffic): Promise<Measurement[]> {
  for (const { once } of operations) for (let i = 0; i < 3; i += 1) await once(-1 - i); // warm-up
  const taken = operations.map(() => ({ times: [] as number[], cpuMicros: 0, roundTrips: 0, requests: 0 }));
  const rounds = Math.max(...operations.map((o) => o.calls));
  for (let i = 0; i < rounds; i += 1) {
    for (const [k, { calls, once }] of operations.entries()) {
      if (i >= calls) continue;
      const before = { roundTrips: traffic.roundTrips(), requests: traffic.requests(), cpu: process.cpuUsage() };
      const started = process.hrtime.bigint();
      await once(i);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = process.cpuUsage(before.cpu);
      const t = taken[k]!;
      t.times.push(elapsed);
      t.cpuMicros += cpu.user + cpu.system;
      t.roundTrips += traffic.roundTrips() - before.roundTrips;
      t.requests += traffic.requests() - before.requests;
    }
  }
  return operations.map(({ name, calls }, k) => {
    const { times, cpuMicros, roundTrips, requests } = taken[k]!;
    return {
      name,
      calls,
      median_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      p99_ms: round(percentile(times, 99)),
      cpu_ms: round(cpuMicros / 1000 / calls),
      round_trips: round(roundTrips / calls),
      requests: round(requests / calls),
    };
  });
}

const measure = async (name: string, calls: number, once: Operation['once'], traffic: DatabaseTraffic): Promise<Measurement> =>
  (await measureSideBySide([{ name, calls, once }], traffic))[0]!;

const { values: options } = parseArgs({
  options: { check: { type: 'boolean', default: false }, write: { type: 'boolean', default: false }, 'compare-node': { type: 'string' } },
});

runWithBenchDatabase(async (dynamodbEndpoint) => {
  const problem = runtimeProblem();
  if (problem) {
    console.warn(`bench: ${problem}`);
    if (options.check) throw new Error(`the budgets hold for Node ${lambdaNodeMajor()}, Lambda's: run npm run bench`);
  }
  const { loadConfig } = await import('../lib/config');
  const { createContext } = await import('../lib/context');
  const { openDatabase } = await import('../lib/store/client');
  const ctx = createContext(loadConfig());
  const { hashPassword, verifyPassword } = await import('../lib/passwords');
  const { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const trips = countRoundTrips(dynamodbEndpoint);
  const roundTrips = trips;
  const bundles = await buildBundles();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const db = openDatabase(ctx.config);
    const { client, table } = db;
    const loginWaits = loginFloor(db);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as Lambda loads it
    const handler = (name: string) => (require(bundles.get(name).file) as { handler: Handler }).handler;
    const [register, login, refresh, logout, me, health] = ['register', 'login', 'refresh', 'logout', 'me', 'health'].map(handler) as [
      Handler,
      Handler,
      Handler,
      Handler,
      Handler,
      Handler,
    ];
    const [passwordReset, sessionList, meEdit] = ['password-reset', 'sessions', 'me-edit'].map(handler) as [Handler, Handler, Handler];
    const [securityLog, meDelete] = ['security-log', 'me-delete'].map(handler) as [Handler, Handler];
    const call = async (fn: Handler, body: unknown, expected: number, headers: Record<string, string> = {}) => {
      const event = httpEvent(body === undefined ? undefined : JSON.stringify(body));
      event.headers = { ...event.headers, ...headers };
      const response = await fn(event, lambdaContext());
      if (response.statusCode !== expected) throw new Error(`expected ${expected}, got ${response.statusCode}: ${response.body}`);
      // A 204 has no body.
      return (response.body ? JSON.parse(response.body) : {}) as Record<string, any>;
    };

    const cost = ctx.config.bcryptCost;
    const password = 'tangerine-Kettle-47';
    const hash = await hashPassword(password, cost);
    const floors = [
      // Login's budget is a multiple of the compare: enough calls that its median is not one noisy sample.
      await measure('floor: bcrypt hash', 20, () => hashPassword(password, cost), roundTrips),
      await measure('floor: bcrypt compare', 40, () => verifyPassword(password, hash), roundTrips),
      await measure(
        'floor: DynamoDB Local GetItem',
        200,
        () => client.send(new GetCommand({ TableName: table, Key: { pk: 'x', sk: 'y' }, ConsistentRead: true })),
        roundTrips,
      ),
      // Login's write when no failures are on record: one new item, on condition it is new.
      await measure(
        'floor: DynamoDB Local PutItem',
        200,
        (i) =>
          client.send(
            new PutCommand({
              TableName: table,
              Item: { pk: 'floor', sk: `put${i}x${Date.now()}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        roundTrips,
      ),
      // Login's two waits on the database in its own shapes, each alone.
      await measure("floor: login's first wait (UpdateItem×3 ‖ BatchGet×2)", 100, (i) => loginWaits.firstWait(i), roundTrips),
      await measure(
        "floor: login's write (TransactWrite×3 ‖ DeleteItem ‖ UpdateItem×2 ‖ PutItem)",
        100,
        (i) => loginWaits.write(i),
        roundTrips,
      ),
    ];

    const user = (i: number) => ({ username: `bench${i}x${Date.now()}`, email: `bench${i}x${Date.now()}@example.com`, password });
    const registered = await call(register, user(-100), 201);
    const username = registered.content.username as string;
    const asUser = { authorization: `Bearer ${registered.content.tokens.access as string}` };
    const sessions: string[] = [];
    // Deletion spends an account per request: each is registered beforehand, outside the timing.
    const leaving: string[] = [];
    // (3 more for the warm-up, whose calls count -1, -2, -3.)
    for (let i = 0; i < 18; i += 1) leaving.push((await call(register, user(-200 - i), 201)).content.tokens.access as string);
    // Sessions made beforehand, outside the timing, for what spends one per request (logout, and
    // the cold starts below).
    const { planSession } = await import('../lib/auth/token-pair');
    const newSession = async () => {
      const pair = planSession(ctx.tokens, registered.content.pk as number);
      await ctx.store.sessions.startSession(pair.record);
      return (await pair.sign()).refresh;
    };
    const loggingOut: string[] = [];
    // (3 more for the warm-up, whose calls count -1, -2, -3.)
    for (let i = 0; i < 100 + 3; i += 1) loggingOut.push(await newSession());
    // The handlers held to a floor are measured beside it, call by call (measureSideBySide).
    const [loginFloorMeasured, loginMeasured] = await measureSideBySide(
      [
        // Login's two waits on the database in its own shapes with the compare between them, in
        // sequence, as login spends them: its budget is that sequence, so what it adds is our code.
        {
          name: "floor: login's first wait → compare → write",
          calls: 40,
          once: async (i) => {
            await loginWaits.firstWait(i);
            await verifyPassword(password, hash);
            await loginWaits.write(i);
          },
        },
        { name: 'login', calls: 40, once: async () => sessions.push((await call(login, { username, password }, 200)).refresh as string) },
      ],
      roundTrips,
    );
    const [refreshWaitMeasured, refreshMeasured] = await measureSideBySide(
      [
        // The shape refresh actually needs: a 3-item consistent read beside the session's touch (its last use, #17).
        {
          name: 'floor: DynamoDB Local BatchGet×3 ‖ UpdateItem',
          calls: 200,
          once: () =>
            Promise.all([
              client.send(
                new BatchGetCommand({
                  RequestItems: { [table]: { Keys: ['a', 'b', 'c'].map((sk) => ({ pk: 'floor', sk })), ConsistentRead: true } },
                }),
              ),
              client.send(
                new UpdateCommand({
                  TableName: table,
                  Key: { pk: 'floor', sk: 'b' },
                  UpdateExpression: 'SET last_used_ms = :now',
                  ConditionExpression: 'attribute_not_exists(last_used_ms) OR last_used_ms <= :now',
                  ExpressionAttributeValues: { ':now': Date.now() },
                }),
              ),
            ]),
        },
        { name: 'refresh', calls: 200, once: () => call(refresh, { refresh: sessions[0] }, 200) },
      ],
      roundTrips,
    );
    const [logoutFloorMeasured, logoutMeasured] = await measureSideBySide(
      [
        // Logout's shape (lib/store/sessions.ts endSession): the token and the session revoked on
        // condition, the user's logout-everywhere mark checked, the security event written (#18).
        {
          name: "floor: logout's transaction (UpdateItem×2, ConditionCheck, PutItem)",
          calls: 100,
          once: (i) => {
            const fresh = `${i}x${Date.now()}`;
            const revoke = (kind: string) => ({
              Update: {
                TableName: table,
                Key: { pk: 'floor-logout', sk: `${kind}${fresh}` },
                UpdateExpression: 'SET revoked_ms = :now, revoked_reason = :reason',
                ConditionExpression: 'attribute_not_exists(revoked_ms)',
                ExpressionAttributeValues: { ':now': Date.now(), ':reason': 'logout' },
              },
            });
            return client.send(
              new TransactWriteCommand({
                TransactItems: [
                  revoke('token'),
                  revoke('session'),
                  {
                    ConditionCheck: {
                      TableName: table,
                      Key: { pk: 'floor', sk: 'user' },
                      ConditionExpression: 'attribute_not_exists(logged_out_ms) OR logged_out_ms < :created',
                      ExpressionAttributeValues: { ':created': Date.now() },
                    },
                  },
                  {
                    Put: {
                      TableName: table,
                      Item: { pk: 'floor-logout', sk: `event${fresh}`, type: 'security_event', kind: 'session_ended', at_ms: Date.now() },
                    },
                  },
                ],
              }),
            );
          },
        },
        { name: 'logout', calls: 100, once: (i) => call(logout, { refresh_token: loggingOut[i + 3] }, 200) },
      ],
      roundTrips,
    );
    floors.push(refreshWaitMeasured!, logoutFloorMeasured!, loginFloorMeasured!);
    const results = [
      await measure('register', 20, (i) => call(register, user(i), 201), roundTrips),
      loginMeasured!,
      await measure('login, wrong password', 30, () => call(login, { username, password: 'wrong-password' }, 401), roundTrips),
      await measure('login, unknown user', 30, (i) => call(login, { username: `nobody${i}`, password }, 401), roundTrips),
      refreshMeasured!,
      await measure('me', 200, () => call(me, undefined, 200, asUser), roundTrips),
      logoutMeasured!,
      // The account routes: a reset request (each to its own address: 3 an hour per address, 30 per source).
      await measure(
        'password reset request',
        25,
        (i) => call(passwordReset, { email: `reset${i}x${Date.now()}@example.com` }, 200),
        roundTrips,
      ),
      await measure('sessions', 100, () => call(sessionList, undefined, 200, asUser), roundTrips),
      await measure('me edit', 100, (i) => call(meEdit, { first_name: `Ada${i}` }, 200, asUser), roundTrips),
      await measure('security log', 100, () => call(securityLog, undefined, 200, asUser), roundTrips),
      await measure(
        'me delete (an account with one session)',
        15,
        (i) => call(meDelete, { current_password: password }, 204, { authorization: `Bearer ${leaving[i + 3]}` }),
        roundTrips,
      ),
    ];

    // Logout spends a session per request: the cold-start processes get their own.
    const runtimes = [process.execPath, ...(options['compare-node'] ? [options['compare-node']] : [])];
    const spare: string[] = [];
    for (let i = 0; i < COLD_START_REQUESTS * runtimes.length + 1; i += 1) spare.push(await newSession());
    const body = (value: unknown) => httpEvent(JSON.stringify(value));
    const bearer = { ...httpEvent(undefined), headers: asUser };
    const coldStarts = measureColdStarts(
      // openid-configuration is jwks' twin: same code, no key import. The mailer and the upload
      // check answer the table's stream and S3, not a person waiting. A probe times the success
      // path, which the others cannot repeat cheaply (a reset secret, a password, a session or an
      // S3 object spent per request): they are timed in-process only, or not yet (docs/benchmarks.md).
      bundles.all.filter(
        (bundle) =>
          ![
            'openid-configuration',
            'mailer',
            'profile-image-landed',
            'password-reset-confirm',
            'password-change',
            'session-end',
            'profile-image-upload',
            'profile-image-delete',
            'verify-email',
            'email-change',
            'me-delete',
          ].includes(bundle.name),
      ),
      {
        register: (i) => body(user(1000 + i)),
        login: () => body({ username, password }),
        refresh: () => body({ refresh: spare[0] }),
        logout: (i) => body({ refresh_token: spare[1 + i] }),
        me: () => bearer,
        jwks: () => httpEvent(undefined),
        health: () => httpEvent(undefined),
        'password-reset': (i) => body({ email: `cold${i}x${Date.now()}@example.com` }),
        sessions: () => bearer,
        'security-log': () => bearer,
        'me-edit': () => ({ ...body({ first_name: 'Ada' }), headers: { ...bearer.headers, 'content-type': 'application/json' } }),
        'reset-page': () => ({ ...httpEvent(undefined), rawPath: '/account/reset/' }),
        'resend-email': (i) => body({ email: `cold${i}x${Date.now()}@example.com` }),
        'verify-page': () => ({ ...httpEvent(undefined), rawPath: '/account/verify/' }),
      },
      runtimes,
      process.env,
    );
    console.table(coldStarts);

    // The local stack on this DynamoDB Local, table and key: only the emulation differs.
    const keysFile = join(scratch, 'jwks.json');
    writeFileSync(keysFile, process.env.JWT_SIGNING_KEYS!);
    const stack = await startLocalStack({
      port: await freePort(),
      dynamodbEndpoint,
      keysFile,
      buildDir: `.esbuild-bench-${process.pid}`,
      stackFile: join(scratch, 'stack.json'),
      showOfflineOutput: false,
      log: () => undefined,
      environment: process.env,
    });
    let offline;
    let load;
    try {
      const post = async (path: string, value: unknown) =>
        (
          await fetch(`${stack.baseUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(value),
          })
        ).text();
      // A login's session, still alive: logout spends sessions of its own.
      const live = sessions.at(-1)!;
      offline = await measureOfflineOverhead(
        [
          {
            endpoint: 'refresh',
            http: () => post('/api/auth/refresh/', { refresh: live }),
            inProcess: () => call(refresh, { refresh: live }, 200),
          },
          {
            endpoint: 'health',
            http: async () => (await fetch(`${stack.baseUrl}/health`)).text(),
            inProcess: () => call(health, undefined, 200),
          },
        ],
        300,
      );
      console.table(offline);
      load = await measureLoad(stack.baseUrl);
      console.table(load);
    } finally {
      await stack.stop();
      rmSync(`.esbuild-bench-${process.pid}`, { recursive: true, force: true });
    }

    const all = [...floors, ...results];
    const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
    console.log(`bench: ${machine.cpu} × ${machine.cores}, Node ${process.version}, BCRYPT_COST=${cost}`);
    console.table(all);
    const byName = Object.fromEntries(all.map((s) => [s.name, s]));
    const refreshWait = byName['floor: DynamoDB Local BatchGet×3 ‖ UpdateItem']!.median_ms;
    const logoutWait = byName["floor: logout's transaction (UpdateItem×2, ConditionCheck, PutItem)"]!.median_ms;
    const loginSequence = byName["floor: login's first wait → compare → write"]!.median_ms;
    const onLambdaNode = coldStarts.filter((c) => Number(c.node.split('.')[0]) === lambdaNodeMajor() && !isReference(c.function));
    const functions = coldStarts.filter((c) => c.node === process.versions.node && !isReference(c.function));
    const budgets = [
      // docs/data-model.md: register waits on its rate window, its id counter, its transaction.
      { budget: 'register ≤ 3 round trips', ok: byName.register!.round_trips <= 3 },
      { budget: 'login ≤ 2 round trips', ok: byName.login!.round_trips <= 2 && byName['login, wrong password']!.round_trips <= 2 },
      { budget: 'refresh ≤ 2 round trips', ok: byName.refresh!.round_trips <= 2 },
      { budget: 'logout ≤ 1 round trip', ok: byName.logout!.round_trips <= 1 },
      {
        budget: `login median ≤ 1.10 × its first wait, compare and write in sequence (${loginSequence} ms)`,
        ok: byName.login!.median_ms <= 1.1 * loginSequence,
      },
      { budget: `refresh median within 3 ms of its one wait (${refreshWait} ms)`, ok: byName.refresh!.median_ms <= refreshWait + 3 },
      { budget: `logout median within 3 ms of its transaction (${logoutWait} ms)`, ok: byName.logout!.median_ms <= logoutWait + 3 },
      ...functions.map((c) => ({ budget: `${c.function}: gzipped bundle ≤ 200 KB (${c.gzip_kb} KB)`, ok: c.gzip_kb <= 200 })),
      ...onLambdaNode.map((c) => ({
        budget: `${c.function}: cold start ≤ ${COLD_START_BUDGET} × ${c.reference} on Node ${c.node.split('.')[0]} (${c.vs_reference} ×)`,
        ok: c.vs_reference <= COLD_START_BUDGET,
      })),
      ...offline.map((o) => ({
        budget: `${o.endpoint}: serverless offline adds < ${OFFLINE_OVERHEAD_BUDGET_MS} ms, median (${o.overhead_median_ms} ms)`,
        ok: o.overhead_median_ms < OFFLINE_OVERHEAD_BUDGET_MS,
      })),
      { budget: 'zero errors under load', ok: load.every((l) => l.errors === 0) },
      {
        budget: 'unknown user and wrong password within 15% of each other',
        ok: Math.abs(byName['login, unknown user']!.median_ms / byName['login, wrong password']!.median_ms - 1) <= 0.15,
      },
    ];
    console.table(budgets);
    const report: Results = {
      date: new Date().toISOString(),
      machine,
      bcrypt_cost: cost,
      results: all,
      cold_starts: coldStarts,
      offline,
      load,
      budgets,
    };
    if (options.write) {
      writeReport(report);
      console.log('bench: written to bench/results.json, docs/benchmarks/*.svg and docs/benchmarks.md');
    } else {
      console.log('bench: nothing written (npm run bench -- --write updates bench/results.json, the charts and docs/benchmarks.md)');
    }
    if (options.check && budgets.some((b) => !b.ok)) {
      console.error('bench --check: budget missed');
      process.exitCode = 1;
    }
  } finally {
    trips.stop();
    bundles.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
});
