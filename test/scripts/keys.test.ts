// npm run keys -- --dry-run: works offline, prints the AWS calls, never a private key.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const keys = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/keys.ts', ...args], {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
  });

describe('npm run keys --dry-run', () => {
  it.each(['generate', 'add', 'promote'])('%s prints the get and put calls for the stage parameter, and no key material', async (action) => {
    const { stdout } = await keys('--stage', 'prod', action, '--dry-run');
    expect(stdout).toContain('$ aws ssm get-parameter --region us-east-1 --name /auth-api/prod/signing-keys --with-decryption');
    expect(stdout).toContain('$ aws ssm put-parameter --region us-east-1 --name /auth-api/prod/signing-keys --type SecureString --overwrite');
    expect(stdout).toContain('dry run: not called');
    expect(stdout).not.toMatch(/"(d|p|q)"\s*:/);
  });

  it('refuses without a stage or an action, with its usage', async () => {
    const failure = await keys('generate').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('usage: npm run keys');
  });
});
