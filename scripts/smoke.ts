// `npm run smoke -- <base-url>`: the seed contract end to end against any stage, step by step:
// register → login → refresh → logout → refresh refused. Exits non-zero at the first failure.
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
  const user = { username: `smoke_${id}`, email: `smoke_${id}@example.com`, password: `${randomBytes(12).toString('base64url')}-Kettle`, first_name: 'Smoke', last_name: 'Test' };
  let refresh = '';
  const jwt = (value: unknown) => (typeof value === 'string' && value.split('.').length === 3 ? undefined : 'not a JWT');

  const steps: Step[] = [
    {
      name: 'register', path: '/api/auth/register/', body: () => user, expect: 201,
      check: (b) => (Number.isInteger(b?.content?.pk) ? jwt(b.content.tokens?.refresh) : 'no integer pk'),
    },
    {
      name: 'login', path: '/api/auth/login/', body: () => ({ username: user.username, password: user.password }), expect: 200,
      check: (b) => {
        refresh = b?.refresh;
        return jwt(b?.refresh) ?? jwt(b?.access);
      },
    },
    { name: 'refresh', path: '/api/auth/refresh/', body: () => ({ refresh }), expect: 200, check: (b) => jwt(b?.access) },
    {
      name: 'logout', path: '/api/auth/logout/', body: () => ({ refresh_token: refresh }), expect: 200,
      check: (b) => (b?.detail === 'Successfully logged out.' ? undefined : 'unexpected detail'),
    },
    {
      name: 'refresh after logout is refused', path: '/api/auth/refresh/', body: () => ({ refresh }), expect: 401,
      check: (b) => (b?.error === 'Token is invalid or expired' ? undefined : 'unexpected error'),
    },
  ];

  console.log(`smoke test against ${baseUrl}`);
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
      process.exit(1);
    }
    console.log(`  ✓ ${step.name} → ${response.status} (${took})`);
  }
  console.log('smoke test passed');
}

main().catch((error: unknown) => {
  console.error(`smoke test could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
