// docs/openapi.yaml: lints clean, documents every deployed route, renders, and really constrains.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serverlessYml } from '../../../scripts/build/deployed-options';
import { assertMatchesSpec } from '../../support/openapi';

const ROOT = resolve(__dirname, '../../..');
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [REDOCLY, ...args], { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off' } });
const scratch = mkdtempSync(join(tmpdir(), 'openapi-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const spec = parse(readFileSync(join(ROOT, 'docs/openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const json = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });

describe('docs/openapi.yaml', () => {
  it('passes the Redocly linter', async () => {
    const { stdout, stderr } = await run('lint', 'docs/openapi.yaml');
    expect(`${stdout}${stderr}`).toContain('Your API description is valid');
  });

  it('documents every route serverless.yml deploys', () => {
    const { functions } = serverlessYml<{ functions: Record<string, { events: { httpApi?: { method: string; path: string } }[] }> }>();
    const routes = Object.values(functions).flatMap(({ events }) => events.flatMap((event) => (event.httpApi ? [event.httpApi] : [])));
    for (const { method, path } of routes) {
      const documented = spec.paths[path] ?? spec.paths[`${path}/`];
      expect(documented, `${method} ${path}`).toHaveProperty(method.toLowerCase());
    }
  });

  it('renders to one static HTML page (npm run docs)', { timeout: 60_000 }, async () => {
    const output = join(scratch, 'api.html');
    await run('build-docs', 'docs/openapi.yaml', '--inlineBundle', '-o', output);
    const html = readFileSync(output, 'utf8');
    expect(html.includes('auth-api')).toBe(true);
    // Self-contained: no script loaded from elsewhere, so the page works offline.
    expect(/<script[^>]+src="https?:/.test(html)).toBe(false);
  });
});

describe('the response check the integration tests run', () => {
  it('accepts a documented response', () => {
    expect(() => assertMatchesSpec('POST', '/api/auth/refresh/', 200, json, { access: 'a.b.c' })).not.toThrow();
  });

  it('refuses a body with an undocumented key, an undocumented status and an unknown route', () => {
    expect(() => assertMatchesSpec('POST', '/api/auth/refresh', 200, json, { access: 'a.b.c', extra: 1 })).toThrow(/does not match/);
    expect(() => assertMatchesSpec('POST', '/api/auth/refresh/', 418, json, {})).toThrow(/not documented/);
    expect(() => assertMatchesSpec('GET', '/nowhere', 200, json, {})).toThrow(/not in docs/);
  });

  it('refuses a response missing a required header', () => {
    const bare = new Headers({ 'content-type': 'application/json' });
    expect(() => assertMatchesSpec('POST', '/api/auth/refresh/', 200, bare, { access: 'a.b.c' })).toThrow(/Cache-Control/);
  });
});
