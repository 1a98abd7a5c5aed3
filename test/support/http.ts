// A tiny JSON client for the local stack's HTTP API; every response is checked against the OpenAPI spec.
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
}

const baseUrl = (options: RequestOptions) => inject(options.rotating ? 'rotatingBaseUrl' : 'baseUrl');

export async function post(path: string, body: unknown, options: RequestOptions = {}): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl(options)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.raw ? (body as string) : JSON.stringify(body),
  });
  return read('POST', path, response);
}

export async function get(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
  return read('GET', path, await fetch(`${baseUrl(options)}${path}`, { headers: options.headers }));
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
