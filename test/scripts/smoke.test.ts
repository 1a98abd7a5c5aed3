// npm run smoke against the local stack: the contract end to end, as against a deployed stage.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const smoke = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/smoke.ts', ...args], { cwd: ROOT, timeout: 60_000 });

describe('npm run smoke', () => {
  it('passes every step against the local stack', async () => {
    const { stdout } = await smoke(inject('baseUrl'));
    for (const step of ['register → 201', 'login → 200', 'refresh → 200', 'logout → 200', 'refresh after logout is refused → 401']) {
      expect(stdout).toContain(`✓ ${step}`);
    }
    expect(stdout).toContain('smoke test passed');
  });

  it('fails, naming the step, when the API does not keep the contract', async () => {
    // Nothing listens there: the first step cannot even be sent.
    const failure = await smoke('http://127.0.0.1:9').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('smoke test could not run');
  });

  it('explains its usage without a URL', async () => {
    const failure = await smoke().catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
  });
});
