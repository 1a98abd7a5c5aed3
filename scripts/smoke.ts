// `npm run smoke -- <base-url>`: the seed contract end to end against any stage, step by step:
// register → login → refresh → logout → refresh refused. Exits non-zero at the first failure.
// Then it deletes the user it registered: DELETE /api/auth/me/ with the current password (djoser's
// shape). A stage deployed before that route existed (404/405) keeps its smoke_<hex> user, and says so.
import { randomBytes } from 'node:crypto';

interface Step {
  name: string;
  path: string;
  body: () => unknown;
  expect: number;
  check?: (body: any) => string | undefined;
}

async function main(): Promise<void> {
  const baseUrl = process.argv[2]?.replace(/\/$/, '');
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) {
    console.error('usage: npm run smoke -- <base-url>   (e.g. http://localhost:3000)');
    process.exit(2);
  }
  const id = randomBytes(6).toString('hex');
  const user = {
    username: `smoke_${id}`,
    email: `smoke_${id}@example.com`,
    password: `${randomBytes(12).toString('base64url')}-Kettle`,
    first_name: 'Smoke',
    last_name: 'Test',
  };
  let refresh = '';
  let access = '';
  const jwt = (value: unknown) => (typeof value === 'string' && value.split('.').length === 3 ? undefined : 'not a JWT');

  const steps: Step[] = [
    {
      name: 'register',
      path: '/api/auth/register/',
      body: () => user,
      expect: 201,
      check: (b) => {
        // Still valid after logout (until it expires): the deletion at the end uses it.
        access = b?.content?.tokens?.access;
        return Number.isInteger(b?.content?.pk) ? jwt(b.content.tokens?.refresh) : 'no integer pk';
      },
    },
    {
      name: 'login',
      path: '/api/auth/login/',
      body: () => ({ username: user.username, password: user.password }),
      expect: 200,
      check: (b) => {
        refresh = b?.refresh;
        return jwt(b?.refresh) ?? jwt(b?.access);
      },
    },
    { name: 'refresh', path: '/api/auth/refresh/', body: () => ({ refresh }), expect: 200, check: (b) => jwt(b?.access) },
    {
      name: 'logout',
      path: '/api/auth/logout/',
      body: () => ({ refresh_token: refresh }),
      expect: 200,
      check: (b) => (b?.detail === 'Successfully logged out.' ? undefined : 'unexpected detail'),
    },
    {
      name: 'refresh after logout is refused',
      path: '/api/auth/refresh/',
      body: () => ({ refresh }),
      expect: 401,
      check: (b) => (b?.error === 'Token is invalid or expired' ? undefined : 'unexpected error'),
    },
  ];

  console.log(`smoke test against ${baseUrl}`);
  let passed = true;
  for (const step of steps) {
    const started = Date.now();
    const response = await fetch(`${baseUrl}${step.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(step.body()),
      signal: AbortSignal.timeout(15_000),
    });
    const body = await response.json().catch(() => undefined);
    const problem = response.status !== step.expect ? `expected ${step.expect}, got ${response.status}` : step.check?.(body);
    const took = `${Date.now() - started} ms`;
    if (problem) {
      console.error(`  ✗ ${step.name} (${took}): ${problem}\n    ${JSON.stringify(body)}`);
      passed = false;
      // Nothing registered, nothing to delete.
      if (step === steps[0]) process.exit(1);
      break;
    }
    console.log(`  ✓ ${step.name} → ${response.status} (${took})`);
  }
  const removed = await removeUser(baseUrl, access, user);
  if (!passed || !removed) process.exit(1);
  console.log('smoke test passed');
}

/** Deletes the smoke user where the API supports it; false only when the deletion itself failed. */
async function removeUser(baseUrl: string, access: string, user: { username: string; password: string }): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/auth/me/`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json', ...(access ? { authorization: `Bearer ${access}` } : {}) },
    body: JSON.stringify({ current_password: user.password }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 404 || response.status === 405) {
    console.log(`  note: this API cannot delete accounts (DELETE /api/auth/me/ → ${response.status}): the user ${user.username} remains`);
    return true;
  }
  if (response.ok) {
    console.log(`  ✓ the smoke user ${user.username} is deleted → ${response.status}`);
    return true;
  }
  console.error(`  ✗ deleting the smoke user ${user.username}: expected 204, got ${response.status}\n    ${await response.text()}`);
  return false;
}

main().catch((error: unknown) => {
  console.error(`smoke test could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
