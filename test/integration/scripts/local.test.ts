// npm run local: the running stacks, a stack's table, and resetting a stopped stack's data and key.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { openDatabase } from '../../../lib/store';
import { stackSettings } from '../../support/context';
import { post, newUser } from '../../support/http';

const ROOT = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'local-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run local -- …args`, typing `input` at its prompt. */
function local(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/local.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, PORT: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

const stack = () => ({ LOCAL_DIR: inject('stackEnv').LOCAL_DIR! });

/** A stopped stack's files as npm start leaves them, in a LOCAL_DIR of its own. */
function stoppedStack(port: number) {
  const localDir = mkdtempSync(join(scratch, 'stopped-'));
  const dir = join(localDir, String(port));
  mkdirSync(join(dir, 'dynamodb'), { recursive: true });
  writeFileSync(join(dir, 'dynamodb', 'shared-local-instance.db'), 'table data');
  writeFileSync(join(dir, 'jwks.json'), '{"keys":[]}');
  return { env: { LOCAL_DIR: localDir }, database: join(dir, 'dynamodb', 'shared-local-instance.db'), key: join(dir, 'jwks.json'), dir };
}

describe('npm run local', () => {
  it('status lists the running stacks, with their DynamoDB endpoint', async () => {
    const { code, stdout } = await local(['status'], stack());
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(
      new RegExp(
        `^port ${inject('stackEnv').PORT}: pid \\d+, API ${inject('baseUrl')}, DynamoDB ${inject('stackEnv').DYNAMODB_ENDPOINT}, table auth-api-test, data in memory$`,
      ),
    );
    expect((await local(['status'], { LOCAL_DIR: scratch })).stdout).toContain('no local stack is running');
  });

  it("table prints every item of the running stack's table, one JSON object per line, keys first, however many", async () => {
    const user = newUser();
    expect((await post('/api/auth/register/', user)).status).toBe(201);
    // Far more than a pipe holds at once (64 KB): every line must still arrive.
    const db = openDatabase(stackSettings());
    const filler = Array.from({ length: 1500 }, (_, i) => ({
      pk: `LOCAL-TABLE-TEST#${process.pid}`,
      sk: `ITEM#${String(i).padStart(4, '0')}`,
      note: 'x'.repeat(150),
    }));
    for (let i = 0; i < filler.length; i += 25) {
      await db.client.send(
        new BatchWriteCommand({ RequestItems: { [db.table]: filler.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    const { code, stdout } = await local(['table'], stack());
    expect(code).toBe(0);
    const items = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(items.find((item) => item.username === user.username)).toMatchObject({ sk: 'PROFILE', email: user.email });
    expect(items.filter((item) => item.pk === `LOCAL-TABLE-TEST#${process.pid}`)).toHaveLength(filler.length);
    for (const item of items) expect(Object.keys(item).slice(0, 2)).toEqual(['pk', 'sk']);
  });

  it('reset refuses while the stack runs', async () => {
    const { code, stderr } = await local(['reset', '--yes', '--port', inject('stackEnv').PORT!], stack());
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^local reset: the stack on port \d+ is running \(pid \d+\): stop it/);
  });

  it('reset deletes a stopped stack\'s table data and key only once "yes" is typed', async () => {
    const stopped = stoppedStack(4321);
    const refused = await local(['reset', '--port', '4321'], stopped.env, 'no\n');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(stopped.database);
    expect(existsSync(stopped.database) && existsSync(stopped.key)).toBe(true);

    const confirmed = await local(['reset', '--port', '4321'], stopped.env, 'yes\n');
    expect(confirmed.code).toBe(0);
    expect(existsSync(stopped.database) || existsSync(stopped.key) || existsSync(stopped.dir)).toBe(false);
    expect((await local(['reset', '--port', '4321'], stopped.env)).stdout).toContain('nothing to reset for port 4321');
  });

  it('reset --yes asks nothing, and leaves anything else in a DYNAMODB_DATA_DIR of yours', async () => {
    const stopped = stoppedStack(4322);
    const own = join(scratch, 'own-data');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'shared-local-instance.db'), 'table data');
    writeFileSync(join(own, 'notes.txt'), 'mine');
    const { code } = await local(['reset', '--yes'], { ...stopped.env, PORT: '4322', DYNAMODB_DATA_DIR: own });
    expect(code).toBe(0);
    expect(existsSync(join(own, 'shared-local-instance.db'))).toBe(false);
    expect(readFileSync(join(own, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(stopped.key)).toBe(false);
  });

  it('prints its usage when asked, and refuses an unknown command with it', async () => {
    expect(await local(['--help'], stack())).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('usage: npm run local -- <status | table | reset>'),
    });
    expect(await local(['wipe'], stack())).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run local') });
  });
});
