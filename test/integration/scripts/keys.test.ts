// npm run keys -- --dry-run: works offline, prints the AWS calls, never a private key.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const keys = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/keys.ts', ...args], {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', ...env },
  });
/** The region `serverless deploy` would deploy the stage to, with these flags and this environment. */
const deployRegion = async (args: string[], env: Record<string, string>) =>
  (
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'print', '--stage', 'dev', '--path', 'provider.region', ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', ...env },
      },
    )
  ).stdout.trim();

describe('npm run keys --dry-run', () => {
  it.each(['generate', 'add', 'promote'])(
    '%s prints the get and put calls for the stage parameter, and no key material',
    async (action) => {
      const { stdout } = await keys(['--stage', 'prod', action, '--dry-run']);
      expect(stdout).toContain('$ aws ssm get-parameter --region us-east-1 --name /auth-api/prod/signing-keys --with-decryption');
      expect(stdout).toContain(
        '$ aws ssm put-parameter --region us-east-1 --name /auth-api/prod/signing-keys --type SecureString --overwrite',
      );
      expect(stdout).toContain('dry run: not called');
      expect(stdout).not.toMatch(/"(d|p|q)"\s*:/);
    },
  );

  it('refuses without a stage or an action, with its usage', async () => {
    const failure = await keys(['generate']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('usage: npm run keys');
  });

  it('--help prints the usage and what each command does', async () => {
    const { stdout } = await keys(['--help']);
    expect(stdout).toMatch(
      /^usage: npm run keys -- \(--stage <stage> \| --local\) <list\|generate\|add\|promote\|retire KID\|pseudonym\|legacy-import\|legacy-remove>/,
    );
    for (const command of [
      'list',
      'generate',
      'add',
      'promote',
      'retire KID',
      'pseudonym',
      'legacy-import',
      'legacy-remove',
      '--key-file',
      '--issued-before',
      '--local',
      '--region',
      '--dry-run',
    ])
      expect(stdout).toContain(`  ${command}`);
  });

  it('legacy-import takes the old key from a file, checks it, and prints neither it nor its file content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legacy-key-'));
    const file = join(dir, 'secret.txt');
    writeFileSync(file, 'django-insecure-not-a-real-key-0123456789\n');
    const { stdout } = await keys([
      '--stage',
      'prod',
      'legacy-import',
      '--key-file',
      file,
      '--issued-before',
      '2027-01-15T09:00:00Z',
      '--dry-run',
    ]);
    expect(stdout).toContain('legacy simplejwt key: set (not shown), HS256, tokens issued before 2027-01-15T09:00:00.000Z');
    expect(stdout).toContain('and the legacy simplejwt key, not shown');
    expect(stdout).not.toContain('django-insecure');
    const refused = await keys(['--stage', 'prod', 'legacy-import', '--key-file', file, '--algorithms', 'RS256', '--dry-run']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('--algorithms must be some of HS256, HS384, HS512') });
    const noFile = await keys(['--stage', 'prod', 'legacy-import', '--dry-run']).catch((error: { code: number }) => error);
    expect(noFile).toMatchObject({ code: 2 });
  });

  it.each([
    ['--region', ['--region', 'eu-central-1'], {}],
    ['AWS_REGION', [], { AWS_REGION: 'eu-west-1' }],
    ['the default', [], {}],
  ] as [string, string[], Record<string, string>][])(
    'works in the region serverless deploy would use, given %s',
    { timeout: 90_000 },
    async (_, args, env) => {
      const [{ stdout }, region] = await Promise.all([
        keys(['--stage', 'dev', 'generate', '--dry-run', ...args], env),
        deployRegion(args, env),
      ]);
      expect(region).toMatch(/^[a-z]+-[a-z]+-\d$/);
      expect(stdout).toContain(`$ aws ssm get-parameter --region ${region} --name /auth-api/dev/signing-keys`);
      expect(stdout).toContain(`$ aws ssm put-parameter --region ${region} --name /auth-api/dev/signing-keys`);
    },
  );

  it('docs/deploy.md runs its key and deploy commands in one region, set once', () => {
    const commands = [...readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
      block[1]!.split('\n').map((line) => line.trim()),
    );
    const regionSet = commands.findIndex((line) => /^export AWS_REGION=[a-z]+-[a-z]+-\d$/.test(line));
    const firstKeys = commands.findIndex((line) => line.startsWith('npm run keys'));
    expect(regionSet).toBeGreaterThanOrEqual(0);
    expect(regionSet).toBeLessThan(firstKeys);
    const region = commands[regionSet]!.split('=')[1]!;
    const awsCommands = commands.filter((line) => /^(npm run keys|npx serverless deploy)/.test(line));
    expect(awsCommands.length).toBeGreaterThan(3);
    for (const line of awsCommands) expect(line).not.toContain('--region');
    for (const mentioned of commands.join('\n').match(/\b[a-z]{2}-[a-z]+-\d\b/g) ?? []) expect(mentioned).toBe(region);
  });
});
