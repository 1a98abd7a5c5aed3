// serverless.yml, packaged offline without credentials: what CloudFormation would deploy.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'package-'));
// Its own bundle folder: packaging deletes it when done, and must not touch the test stack's.
const BUILD_DIR = `.esbuild-package-${process.pid}`;
let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ESBUILD_WORK_FOLDER: BUILD_DIR, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--package', scratch],
    { cwd: ROOT, env, timeout: 120_000 },
  );
  template = JSON.parse(readFileSync(join(scratch, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 150_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
});

const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

describe('serverless package --stage prod', () => {
  it('deploys every function on nodejs24.x / arm64', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(7);
    for (const fn of functions) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });

  it('routes the seed contract, /me and the well-known documents', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey).sort();
    expect(routes).toEqual([
      'GET /.well-known/jwks.json',
      'GET /.well-known/openid-configuration',
      'GET /api/auth/me',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/refresh',
      'POST /api/auth/register',
    ]);
  });

  it('puts /me behind a JWT authorizer whose issuer is the API itself, as the tokens say', () => {
    const [authorizer] = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: ['auth-api'], Issuer: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] } },
    });
    const me = ofType('AWS::ApiGatewayV2::Route').find((r) => r.Properties.RouteKey === 'GET /api/auth/me');
    expect(me?.Properties.AuthorizationType).toBe('JWT');
    for (const fn of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.JWT_ISSUER).toEqual({ 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
    }
  });

  it("throttles the prod stage, and allows only the stage's own origins, without credentials", () => {
    const [stage] = ofType('AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    const [api] = ofType('AWS::ApiGatewayV2::Api');
    const cors = api?.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual(['https://app.example.com']);
    expect(cors.AllowCredentials ?? false).toBe(false);
    expect(cors.AllowOrigins).not.toContain('*');
  });

  it('grants only the DynamoDB actions the store uses, on the table only', () => {
    const role = ofType('AWS::IAM::Role')[0]!;
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const dynamo = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap((s: any) => s.Action).sort()).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    for (const s of dynamo) expect(JSON.stringify(s.Resource)).not.toContain('*');
  });
});
