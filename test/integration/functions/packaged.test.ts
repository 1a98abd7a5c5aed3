// The deployment zips of `serverless package --stage prod`, each run as Lambda runs it: unzipped
// alone, loaded by a fresh Node process of Lambda's major with the function's deployed environment,
// against DynamoDB Local. A bundling mistake (a module left out, a dependency only node_modules
// had) fails here, not in production. Stand-ins for AWS: DynamoDB Local for the stage's table, an
// inline key for its SSM parameter (inline keys win over the parameter, lib/tokens/keys.ts).
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { version } from '../../../package.json';
import { serverlessYml } from '../../../scripts/build/deployed-options';
import { lambdaNodeMajor } from '../../../scripts/runtime';
import { createLocalTable } from '../../../scripts/local/table';

import { startLambda, type LambdaInstance } from '../../support/lambda';
import { mailsTo, RESET_SUBJECT } from '../../support/inbox';
import { assertMatchesSpec } from '../../support/openapi';
import { packagedStage } from '../../support/package';

const ROOT = resolve(__dirname, '../../..');
const TABLE = `auth-api-packaged-${process.pid}`;
const ISSUER = 'https://packaged.example.com';
const instances = new Map<string, LambdaInstance>();

type Resource = { Type: string; Properties: Record<string, any> };

/** What Lambda gives the function: its deployed variables, the runtime's own, the role's credentials. */
function lambdaEnvironment(fn: Resource['Properties'], stack: Record<string, string>): Record<string, string> {
  const deployed = Object.fromEntries(
    Object.entries(fn.Environment.Variables as Record<string, unknown>).filter(([, value]) => typeof value === 'string'),
  ) as Record<string, string>;
  return {
    ...deployed,
    // The API's URL in the deployed template (Fn::GetAtt), known only once deployed.
    JWT_ISSUER: ISSUER,
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: stack.DYNAMODB_ENDPOINT!,
    SES_ENDPOINT: stack.SES_ENDPOINT!,
    JWT_SIGNING_KEYS: stack.JWT_SIGNING_KEYS!,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${lambdaNodeMajor()}.x`,
    AWS_LAMBDA_FUNCTION_NAME: fn.FunctionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.MemorySize),
    AWS_LAMBDA_FUNCTION_TIMEOUT: String(fn.Timeout),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_ACCESS_KEY_ID: 'ASIAPACKAGEDTEST',
    AWS_SECRET_ACCESS_KEY: 'packaged-test-secret',
    AWS_SESSION_TOKEN: 'packaged-test-session',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
  };
}

const readEvent = (name: string) => JSON.parse(readFileSync(join(ROOT, 'events', `${name}.json`), 'utf8'));

/** The function's events/ file, with another body or more headers. */
function eventFor(name: string, changes: { body?: unknown; headers?: Record<string, string> } = {}) {
  const event = readEvent(name);
  if (changes.body !== undefined) event.body = JSON.stringify(changes.body);
  event.headers = { ...event.headers, ...changes.headers };
  return event;
}

async function invoke(name: string, event = eventFor(name)) {
  const result = await instances.get(name)!.invoke(event);
  const body = JSON.parse(result.body) as Record<string, any>;
  assertMatchesSpec(event.requestContext.http.method, event.rawPath, result.statusCode, new Headers(result.headers), body);
  return { status: result.statusCode, body };
}

beforeAll(async () => {
  const stack = inject('stackEnv');
  await createLocalTable(stack.DYNAMODB_ENDPOINT!, TABLE);
  const dir = await packagedStage('prod');
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  const deployed = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
  for (const [name, { handler }] of Object.entries(serverlessYml<{ functions: Record<string, { handler: string }> }>().functions)) {
    const fn = deployed.find((resource) => resource.Properties.Handler === handler)!.Properties;
    instances.set(
      name,
      await startLambda({ zip: join(dir, basename(fn.Code.S3Key as string)), handler, env: lambdaEnvironment(fn, stack) }),
    );
  }
}, 240_000);

afterAll(async () => {
  for (const instance of instances.values()) await instance.stop();
});

describe('the packaged functions, run from their zips', () => {
  it(`each zip holds its one bundle, which loads on Node ${lambdaNodeMajor()}`, () => {
    const functions = serverlessYml<{ functions: Record<string, { handler: string }> }>().functions;
    expect(instances.size).toBe(Object.keys(functions).length);
    for (const [name, instance] of instances) {
      expect({ name, files: instance.files }).toEqual({ name, files: [`${functions[name]!.handler.replace(/\.\w+$/, '')}.js`] });
      expect(instance.node.split('.')[0]).toBe(String(lambdaNodeMajor()));
    }
  });

  it('answer their events/ files as the README says', async () => {
    expect(await invoke('register')).toMatchObject({ status: 201, body: { content: { username: 'invoke-demo' } } });
    expect(await invoke('login')).toMatchObject({ status: 200, body: { refresh: expect.any(String), access: expect.any(String) } });
    // The committed refresh, logout and me events hold placeholders for a token.
    expect((await invoke('refresh')).status).toBe(401);
    expect((await invoke('logout')).status).toBe(400);
    expect((await invoke('me')).status).toBe(401);
    expect((await invoke('jwks')).body.keys.length).toBeGreaterThan(0);
    expect((await invoke('openidConfiguration')).body).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json` });
    expect(await invoke('health')).toEqual({ status: 200, body: { status: 'ok', stage: 'prod', version } });
    expect(await invoke('passwordReset')).toEqual({ status: 200, body: { detail: 'Password reset e-mail has been sent.' } });
    // Placeholders again: the link's uid and token, the bearer.
    expect((await invoke('passwordResetConfirm')).status).toBe(400);
    expect((await invoke('passwordChange')).status).toBe(401);
    expect((await invoke('verifyEmail')).status).toBe(400);
    expect(await invoke('resendEmail')).toEqual({ status: 200, body: { detail: 'ok' } });
    expect((await invoke('emailChange')).status).toBe(401);
  });

  it('serve the reset page, its script and its style, under a strict Content-Security-Policy', async () => {
    for (const [path, type] of [
      ['/account/reset/', 'text/html'],
      ['/account/reset/reset.js', 'text/javascript'],
      ['/account/reset/reset.css', 'text/css'],
    ] as const) {
      const result = await instances.get('resetPage')!.invoke({ ...eventFor('resetPage'), rawPath: path });
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toContain(type);
      expect(result.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('send the outbox: the mailer turns its stream event into a mail in the SES inbox', async () => {
    const result = (await instances.get('mailer')!.invoke(readEvent('mailer'))) as unknown as { batchItemFailures: unknown[] };
    expect(result).toEqual({ batchItemFailures: [] });
    // events/ all name invoke-demo@example.com, so other tests mail it too: this one's link is the packaged stage's.
    const ours = () =>
      mailsTo('invoke-demo@example.com').then((mails) =>
        mails.filter((m) => RESET_SUBJECT.test(m.subject) && m.body.text?.includes(`${ISSUER}/account/reset/#uid=`)),
      );
    await expect.poll(async () => (await ours()).length, { timeout: 20_000 }).toBe(1);
  });

  it('carry the contract: register → login → refresh → /me → logout, then refresh refused; tokens verify against the published keys', async () => {
    const user = {
      username: `packaged${Date.now()}`,
      email: `packaged${Date.now()}@example.com`,
      password: 'tangerine-Kettle-47',
      first_name: 'Pack',
      last_name: 'Aged',
    };
    const registered = await invoke('register', eventFor('register', { body: user }));
    expect(registered).toMatchObject({
      status: 201,
      body: { content: { username: user.username, tokens: { access: expect.any(String) } } },
    });
    const login = await invoke('login', eventFor('login', { body: { username: user.username, password: user.password } }));
    expect(login.status).toBe(200);
    const refreshed = await invoke('refresh', eventFor('refresh', { body: { refresh: login.body.refresh } }));
    expect(Object.keys(refreshed.body)).toEqual(['access']);

    const keys = createLocalJWKSet((await invoke('jwks')).body as { keys: [] });
    const { payload } = await jwtVerify(refreshed.body.access as string, keys, { issuer: ISSUER, audience: 'auth-api' });
    expect(payload).toMatchObject({ token_type: 'access', user_id: registered.body.content.pk });

    const profile = await invoke('me', eventFor('me', { headers: { authorization: `Bearer ${refreshed.body.access}` } }));
    expect(profile).toMatchObject({ status: 200, body: { pk: registered.body.content.pk, username: user.username } });
    const logout = await invoke('logout', eventFor('logout', { body: { refresh_token: login.body.refresh } }));
    expect(logout).toEqual({ status: 200, body: { detail: 'Successfully logged out.' } });
    expect(await invoke('refresh', eventFor('refresh', { body: { refresh: login.body.refresh } }))).toMatchObject({
      status: 401,
      body: { error: 'Token is invalid or expired' },
    });
  });

  it('needed nothing from outside their zips', () => {
    for (const [name, instance] of instances) expect({ name, outside: instance.loadedFromOutside() }).toEqual({ name, outside: [] });
  });
});
