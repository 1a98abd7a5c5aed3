// Checks every HTTP response the integration tests receive against docs/openapi.yaml, so the
// spec cannot drift from the code: an undocumented status, body or required header fails the test.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_ID = 'openapi.json';
const spec = parse(readFileSync(resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, SPEC_ID);

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

interface Resolved {
  ref: string;
  value: Record<string, any>;
}

/** Follows a local $ref inside the spec; returns the JSON pointer it ends at and its value. */
function follow(ref: string, value: Record<string, any>): Resolved {
  while (typeof value.$ref === 'string') {
    ref = value.$ref;
    value = ref
      .slice(2)
      .split('/')
      .reduce((node: any, part) => node[part.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  }
  return { ref, value };
}

/** A documented path as a pattern: each `{parameter}` is one path segment. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** The spec path for a request path: documented with the seed's trailing slash, served with or without. */
function specPath(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  const candidates = [bare, `${bare.replace(/\/$/, '')}/`, bare.replace(/\/$/, '')];
  return (
    candidates.find((candidate) => spec.paths[candidate]) ??
    Object.keys(spec.paths).find((template) => template.includes('{') && candidates.some((c) => templatePattern(template).test(c)))
  );
}

export function assertMatchesSpec(method: string, path: string, status: number, headers: Headers, body: unknown): void {
  const where = `${method} ${path} → ${status}`;
  const documentedPath = specPath(path);
  const operation = documentedPath ? spec.paths[documentedPath]![method.toLowerCase()] : undefined;
  if (!documentedPath || !operation) throw new Error(`${where}: route not in docs/openapi.yaml`);
  const declared = operation.responses[String(status)] as Record<string, any> | undefined;
  if (!declared) throw new Error(`${where}: status not documented in docs/openapi.yaml`);
  const response = follow(`#/${pointer('paths', documentedPath, method.toLowerCase(), 'responses', String(status))}`, declared);

  for (const [name, header] of Object.entries((response.value.headers ?? {}) as Record<string, Record<string, any>>)) {
    const resolved = follow('', header).value;
    if (resolved.required && !headers.has(name)) throw new Error(`${where}: missing required header ${name}`);
  }
  const content = response.value.content?.['application/json'];
  if (!content) return;
  if (!/^application\/json/.test(headers.get('content-type') ?? '')) throw new Error(`${where}: not JSON`);
  const validate = ajv.getSchema(`${SPEC_ID}${response.ref}/content/application~1json/schema`);
  if (!validate) throw new Error(`${where}: no schema at ${response.ref}`);
  if (!validate(body)) {
    throw new Error(`${where}: body does not match docs/openapi.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  }
}
