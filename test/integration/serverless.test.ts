// serverless.yml, packaged offline without credentials: what CloudFormation would deploy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagedStage, printedStage } from '../support/package';

type Template = {
  Conditions?: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties: Record<string, any> }
  >;
};
let template: Template;
/** The dev stage's configuration as serverless resolves it: its own resources, without packaging. */
let dev: { resources: Pick<Template, 'Conditions' | 'Resources'>; provider: { s3: Record<string, { name: string }> } };
let templateText: string;

/** The stage's CloudFormation template, from the run's shared packaging. */
const packageStage = async (stage: string) =>
  readFileSync(join(await packagedStage(stage), 'cloudformation-template-update-stack.json'), 'utf8');

beforeAll(async () => {
  const prod = await packageStage('prod');
  templateText = prod;
  template = JSON.parse(prod) as Template;
  // dev's differences are all in serverless.yml's resources and provider settings: `serverless
  // print` resolves them in seconds, where packaging would bundle every function again.
  dev = await printedStage<typeof dev>('dev');
}, 240_000);

const ofType = (type: string, from: Template = template) => Object.values(from.Resources).filter((r) => r.Type === type);

describe('serverless package --stage prod', () => {
  it('deploys every function on nodejs24.x / arm64, with at most 10 s and its own zip', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(25);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 1024 });
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(10);
    }
    expect(new Set(functions.map((fn) => fn.Properties.Code.S3Key)).size).toBe(functions.length);
  });

  it("keeps prod's table: on-demand, TTL, point-in-time recovery, encryption, deletion protection, retained", () => {
    const table = template.Resources.AuthTable!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      TableName: 'auth-api-prod',
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(dev.resources.Resources.AuthTable).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtectionEnabled: false } });
  });

  it('writes API access logs to a log group with retention (90 days in prod)', () => {
    const stage = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    for (const group of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('alarms in prod only: 5xx rate, Lambda errors and throttles, DynamoDB throttling, mail given up', () => {
    const alarms = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([name]) => name).sort()).toEqual([
      'DynamoDbThrottlingAlarm',
      'Http5xxRateAlarm',
      'LambdaErrorsAlarm',
      'LambdaThrottlesAlarm',
      'MailDeadLetterAlarm',
    ]);
    for (const [, alarm] of alarms) expect(alarm.Condition).toBe('IsProd');
    expect(template.Conditions?.IsProd).toEqual({ 'Fn::Equals': ['prod', 'prod'] });
    expect(dev.resources.Conditions?.IsProd).toEqual({ 'Fn::Equals': ['dev', 'prod'] });
  });

  it('holds no key material: functions get the SSM parameter name, never keys', () => {
    expect(templateText).not.toMatch(/"(d|p|q|dp|dq|qi)"\s*:/);
    expect(templateText).not.toContain('JWT_SIGNING_KEYS"');
    for (const fn of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties.Environment.Variables.JWT_SIGNING_KEYS_PARAMETER).toBe('/auth-api/prod/signing-keys');
    }
  });

  it('routes the password and email verification routes and their pages too, and the seed contract, /me (read, edit and delete), its profile image and security log, the sessions, the well-known documents and /health', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(routes).toEqual([
      'DELETE /api/auth/me',
      'DELETE /api/auth/me/profile-image',
      'DELETE /api/auth/sessions/{sid}',
      'GET /.well-known/jwks.json',
      'GET /.well-known/openid-configuration',
      'GET /account/reset',
      'GET /account/reset/{asset}',
      'GET /account/verify',
      'GET /account/verify/{asset}',
      'GET /api/auth/me',
      'GET /api/auth/me/security-log',
      'GET /api/auth/sessions',
      'GET /health',
      'PATCH /api/auth/me',
      'POST /api/auth/email/change',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/me/profile-image',
      'POST /api/auth/password/change',
      'POST /api/auth/password/reset',
      'POST /api/auth/password/reset/confirm',
      'POST /api/auth/refresh',
      'POST /api/auth/register',
      'POST /api/auth/registration/resend-email',
      'POST /api/auth/registration/verify-email',
      'PUT /api/auth/me',
    ]);
  });

  it('puts /me (read and edit), its profile image and the sessions behind a JWT authorizer whose issuer is the API itself, as the tokens say', () => {
    const [authorizer] = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: ['auth-api'], Issuer: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] } },
    });
    for (const key of [
      'GET /api/auth/me',
      'POST /api/auth/password/change',
      'PATCH /api/auth/me',
      'PUT /api/auth/me',
      'POST /api/auth/me/profile-image',
      'DELETE /api/auth/me/profile-image',
      'GET /api/auth/sessions',
      'DELETE /api/auth/sessions/{sid}',
      'DELETE /api/auth/me',
      'GET /api/auth/me/security-log',
    ]) {
      const route = ofType('AWS::ApiGatewayV2::Route').find((r) => r.Properties.RouteKey === key);
      expect({ key, type: route?.Properties.AuthorizationType }).toEqual({ key, type: 'JWT' });
    }
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
    // A browser app reads how long a 429 lasts only if CORS exposes the header.
    expect(cors.ExposeHeaders).toEqual(['Retry-After']);
  });

  it('grants only the DynamoDB actions the store uses, on the table only', () => {
    const role = ofType('AWS::IAM::Role')[0]!;
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const onStream = (s: any) => JSON.stringify(s.Resource).includes('StreamArn');
    const dynamo = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')) && !onStream(s));
    expect(dynamo.flatMap((s: any) => s.Action).sort()).toEqual([
      'dynamodb:BatchGetItem',
      // The erasure's deletes, 25 at a time.
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    // The mailer's trigger reads the table's stream (the framework's statement), and nothing else of it.
    const stream = statements.filter(onStream);
    expect(stream.flatMap((s: any) => s.Action).sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    const ses = statements.filter((s: any) => JSON.stringify(s.Action).includes('ses:'));
    expect(ses).toHaveLength(1);
    expect(ses[0].Action).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(ses[0].Resource)).toContain(':identity/","example.com');
    // The framework's statement for the trigger's onFailure destination: that queue only.
    const sqs = statements.filter((s: any) => JSON.stringify(s.Action).includes('sqs:'));
    expect(sqs.flatMap((s: any) => s.Action).sort()).toEqual(['sqs:ListQueues', 'sqs:SendMessage']);
    for (const s of sqs) expect(s.Resource).toEqual([{ 'Fn::GetAtt': ['MailDeadLetterQueue', 'Arn'] }]);
    for (const s of dynamo) expect(JSON.stringify(s.Resource)).not.toContain('*');
    const ssm = statements.filter((s: any) => JSON.stringify(s.Action).includes('ssm:'));
    expect(ssm).toHaveLength(1);
    expect(ssm[0].Action).toEqual(['ssm:GetParameter']);
    expect(JSON.stringify(ssm[0].Resource)).toContain(':parameter","/auth-api/prod/signing-keys');
    for (const s of statements) expect([s.Action].flat()).not.toContain('*');
  });

  it('triggers the mailer from the table stream, filtered to inserted outbox items, retried, then dead-lettered with an alarm', () => {
    const [table] = ofType('AWS::DynamoDB::Table');
    expect(table?.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['AuthTable', 'StreamArn'] },
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['MailDeadLetterQueue', 'Arn'] } } },
    });
    const filters = mapping?.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(filters).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } }]);
    const [queue] = ofType('AWS::SQS::Queue');
    expect(queue?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    const alarm = ofType('AWS::CloudWatch::Alarm').find((a) => a.Properties.Namespace === 'AWS/SQS');
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('keeps profile images in one private, encrypted bucket per stage, abandoned uploads expiring after a day', () => {
    // Beside the framework's own deployment bucket.
    expect(ofType('AWS::S3::Bucket')).toHaveLength(2);
    const bucket = template.Resources.S3BucketProfileImages!;
    expect(bucket.Properties).toMatchObject({
      BucketName: 'auth-api-prod-profile-images',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [{ Status: 'Enabled', Prefix: 'uploads/', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
      },
    });
    expect(bucket.Properties.CorsConfiguration.CorsRules[0]).toMatchObject({
      AllowedMethods: ['POST'],
      AllowedOrigins: ['https://app.example.com'],
    });
    expect(dev.provider.s3.profileImages!.name).toBe('auth-api-dev-profile-images');
  });

  it('triggers the upload check on objects created under uploads/ only', () => {
    const lambdas = template.Resources.S3BucketProfileImages!.Properties.NotificationConfiguration.LambdaConfigurations as any[];
    expect(lambdas).toHaveLength(1);
    expect(lambdas[0]).toMatchObject({
      Event: 's3:ObjectCreated:*',
      Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } },
    });
    expect(JSON.stringify(lambdas[0].Function)).toContain('ProfileImageLanded');
    const permissions = ofType('AWS::Lambda::Permission').filter((p) => p.Properties.Principal === 's3.amazonaws.com');
    expect(permissions).toHaveLength(1);
  });

  it("grants S3 object access on the bucket's uploads/ and images/ prefixes only: no listing, no other bucket", () => {
    const role = ofType('AWS::IAM::Role')[0]!;
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const s3 = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect([...s3[0].Action].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(s3[0].Resource).toEqual([
      'arn:aws:s3:::auth-api-prod-profile-images/uploads/*',
      'arn:aws:s3:::auth-api-prod-profile-images/images/*',
    ]);
  });
});
