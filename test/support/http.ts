// A tiny JSON client for the local stack's HTTP API.
import { inject } from 'vitest';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function post(path: string, body: unknown, init: { raw?: boolean; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  const response = await fetch(`${inject('baseUrl')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
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
