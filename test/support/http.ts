// A tiny JSON client for the local stack's HTTP API; every response is checked against the OpenAPI spec.
import { request as httpRequest } from 'node:http';
import { inject } from 'vitest';
import { assertMatchesSpec } from './openapi';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface RequestOptions {
  raw?: boolean;
  headers?: Record<string, string>;
  /** The API with refresh-token rotation on (same table and keys). */
  rotating?: boolean;
  /**
   * The client's own address, one of 127.0.0.0/8: the local API sees it as the request's source
   * address, as API Gateway would see a client's, so tests can be several clients at once.
   */
  from?: string;
}

/** fetch, but from a chosen local address (Node's fetch cannot bind one). */
function fetchFrom(
  localAddress: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, String(value));
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: RequestOptions,
): Promise<Response> {
  return options.from ? fetchFrom(options.from, url, init) : fetch(url, init);
}

const baseUrl = (options: RequestOptions) => inject(options.rotating ? 'rotatingBaseUrl' : 'baseUrl');

export async function post(path: string, body: unknown, options: RequestOptions = {}): Promise<JsonResponse> {
  const response = await send(
    `${baseUrl(options)}${path}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.raw ? (body as string) : JSON.stringify(body),
    },
    options,
  );
  return read('POST', path, response);
}

export async function get(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
  return read('GET', path, await send(`${baseUrl(options)}${path}`, { method: 'GET', headers: options.headers ?? {} }, options));
}

async function read(method: string, path: string, response: Response): Promise<JsonResponse> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  assertMatchesSpec(method, path, response.status, response.headers, parsed);
  return { status: response.status, headers: response.headers, body: parsed };
}

let counter = 0;

/** A fresh, valid registration body; names are unique per test run and call. */
export function newUser(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const id = `${process.pid}x${Date.now().toString(36)}x${counter}`;
  return {
    username: `user${id}`,
    email: `user${id}@example.com`,
    password: 'tangerine-Kettle-47',
    first_name: 'Ada',
    last_name: 'Lovelace',
    ...overrides,
  };
}

export async function registered(overrides: Record<string, unknown> = {}) {
  const body = newUser(overrides);
  const response = await post('/api/auth/register/', body);
  if (response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(response.body)}`);
  return { request: body, content: response.body.content as { pk: number; tokens: { refresh: string; access: string } } };
}

/** Any method, with an optional JSON body (PATCH, PUT, DELETE); the bearer's access token if given. */
export async function call(
  method: string,
  path: string,
  options: RequestOptions & { body?: unknown; bearer?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const body = options.body === undefined ? undefined : options.raw ? (options.body as string) : JSON.stringify(options.body);
  return read(method, path, await send(`${baseUrl(options)}${path}`, { method, headers, body }, options));
}
