// The settings, kept in step in three places: lib/config's table (what the code reads), the
// README's configuration table (what users read), and serverless.yml's environment (what each
// stage can set).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS, type Setting } from '../../../lib/config';
import { serverlessYml } from '../../../scripts/build/deployed-options';

const ROOT = join(__dirname, '../../..');

interface Row {
  variable: string;
  default: string;
  parameter: string | undefined;
}

/** The rows of the README's main configuration table. */
function readmeRows(): Row[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| variable | default | stage parameter | meaning |');
  expect(start, 'the README has its configuration table').toBeGreaterThan(0);
  const lines = readme.slice(start).split('\n').slice(2);
  const rows = lines.slice(0, lines.findIndex((line) => !line.startsWith('|')));
  return rows.map((line) => {
    const [variable, fallback, parameter] = line.split('|').slice(1, 4).map((cell) => cell.trim());
    const code = (cell: string) => /^`([^`]*)`/.exec(cell)?.[1];
    return { variable: code(variable!)!, default: code(fallback!) ?? fallback!, parameter: code(parameter!) };
  });
}

interface Template {
  provider: { environment: Record<string, unknown> };
  custom: Record<string, unknown>;
  params: Record<string, Record<string, unknown>>;
}

/** An environment value with `${self:custom.x}` replaced by custom.x, as text. */
function resolved(template: Template, value: unknown): string {
  return String(value).replace(/\$\{self:custom\.(\w+)\}/g, (_, name: string) => String(template.custom[name]));
}

const settings = Object.entries(SETTINGS) as [string, Setting<unknown>][];

describe('the settings', () => {
  it('are the same variables, with the same defaults, in lib/config and in the README', () => {
    const rows = readmeRows();
    expect(rows.map((r) => r.variable).sort()).toEqual(settings.map(([name]) => name).sort());
    for (const [name, spec] of settings) {
      const row = rows.find((r) => r.variable === name)!;
      expect({ name, default: row.default }).toEqual({ name, default: spec.default === undefined ? '—' : String(spec.default as string | number | boolean) });
    }
  });

  it('each deployed setting comes from a stage parameter of serverless.yml, the one the README names', () => {
    const template = serverlessYml<Template>();
    const environment = template.provider.environment;
    const rows = readmeRows();
    for (const [name, spec] of settings) {
      if (spec.scope !== 'stage') {
        expect(environment, `${name} is not set on AWS`).not.toHaveProperty(name);
        continue;
      }
      expect(environment, `${name} is in the functions' environment`).toHaveProperty(name);
      const value = resolved(template, environment[name]);
      if (value.includes('${sls:stage}')) continue;
      const parameter = rows.find((r) => r.variable === name)!.parameter;
      expect({ name, parameter }).toEqual({ name, parameter: expect.any(String) });
      expect(value, `${name} reads the parameter ${parameter}`).toContain(`\${param:${parameter}`);
    }
  });

  it('every setting a developer can tune reaches the local functions from the environment of npm start', () => {
    const template = serverlessYml<Template>();
    const local = template.params.local!;
    for (const [name, value] of Object.entries(template.provider.environment)) {
      const parameter = /\$\{param:(\w+)/.exec(resolved(template, value))?.[1];
      if (!parameter || !(parameter in local)) continue;
      const localValue = String(local[parameter]);
      if (localValue === '') continue;
      expect(localValue, `params.local.${parameter}`).toContain(`\${env:${name}`);
    }
    // The tunable ones at least: a developer's BCRYPT_COST or LOGIN_MAX_FAILURES must arrive.
    for (const parameter of ['bcryptCost', 'loginMaxFailures', 'registerIpMaxAttempts', 'rotateRefreshTokens', 'logLevel']) {
      expect(local).toHaveProperty(parameter);
    }
  });
});
