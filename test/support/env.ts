// Points lib/config at the run's local stack, for tests that call lib/ in-process.
import { inject } from 'vitest';
import { resetConfig } from '../../lib/config';

export function useStackEnv(overrides: Record<string, string> = {}): Record<string, string> {
  // In-process tests log only what matters (the local stack itself logs everything, for the leak check).
  const env = { ...inject('stackEnv'), LOG_LEVEL: 'warn', ...overrides };
  Object.assign(process.env, env);
  delete process.env.IS_OFFLINE;
  delete process.env.IS_LOCAL;
  resetConfig();
  return env;
}
