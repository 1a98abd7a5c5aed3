// Property-based: random JSON values, strings and byte sequences at every handler never cause a
// 5xx, always get a JSON error, and cannot change how later requests behave (no pollution).
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpHandler } from '../../../lib/http';
import { testContext } from '../../support/context';
import { serveRoute } from '../../support/handlers';
import { captureLogs } from '../../support/logs';
import { httpEvent, lambdaContext } from '../../support/events';
import { newUser } from '../../support/http';

type Handler = HttpHandler;
let handlers: Record<string, Handler>;

beforeAll(async () => {
  const ctx = testContext();
  const names = ['register', 'login', 'refresh', 'logout', 'me', 'jwks', 'openid-configuration'] as const;
  handlers = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, serveRoute((await import(`../../../functions/${n}.ts`)).spec as never, ctx)])),
  );
});

const FIELDS = [
  'username',
  'password',
  'email',
  'first_name',
  'last_name',
  'refresh',
  'refresh_token',
  'all',
  '__proto__',
  'constructor',
  'prototype',
];

/** Bodies that look like requests (known keys, hostile values) as well as arbitrary JSON. */
const hostileObject = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 6 });
const body = fc.oneof(
  hostileObject.map((o) => ({ raw: JSON.stringify(o), base64: false })),
  fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), base64: false })),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => ({ raw: s, base64: false })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ raw: Buffer.from(bytes).toString('base64'), base64: true })),
);
const headers = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
  authorization: fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`),
  ),
});

async function call(name: string, input: { raw: string; base64: boolean }, head: Record<string, string>) {
  const event = httpEvent(input.raw, { isBase64Encoded: input.base64, headers: head });
  return handlers[name]!(event, lambdaContext());
}

describe('every handler under random input', () => {
  it.each(['register', 'login', 'refresh', 'logout', 'me', 'jwks', 'openid-configuration'])(
    '%s: never a 5xx, always a JSON body, errors always {"error": string}',
    { timeout: 120_000 },
    async (name) => {
      captureLogs();
      await fc.assert(
        fc.asyncProperty(body, headers, async (input, head) => {
          const response = await call(name, input, head);
          expect(response.statusCode).toBeLessThan(500);
          const parsed = JSON.parse(response.body) as Record<string, unknown>;
          // Every answer is a JSON object: never null, an array or a bare value.
          expect(Object.prototype.toString.call(parsed)).toBe('[object Object]');
          if (response.statusCode >= 400) expect(typeof parsed.error).toBe('string');
        }),
        { numRuns: 60 },
      );
      vi.restoreAllMocks();
    },
  );

  it('no request can change the behaviour of a later one (prototype pollution across warm invocations)', async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const polluting = [
      '{"__proto__": {"is_active": false, "status": 500, "polluted": true}}',
      '{"constructor": {"prototype": {"polluted": true}}, "username": "x", "password": "y"}',
      '{"username": {"__proto__": {"polluted": true}}, "password": "x"}',
    ];
    for (const raw of polluting) {
      for (const name of ['register', 'login', 'refresh', 'logout']) {
        await call(name, { raw, base64: false }, { 'content-type': 'application/json' });
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A normal registration after all that still behaves normally.
    const after = await call('register', { raw: JSON.stringify(newUser()), base64: false }, { 'content-type': 'application/json' });
    expect(after.statusCode).toBe(201);
    expect(JSON.parse(after.body).content.pk).toBeGreaterThan(0);
  });
});
