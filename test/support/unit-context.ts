// Contexts for unit tests: a real key ring (one generated key) and a store the test stubs; no
// DynamoDB, no local stack, no process.env.
import { loadConfig } from '../../lib/config';
import { createContext, type AppContext } from '../../lib/context';
import type { Store } from '../../lib/store';
import { generateSigningKey, newPseudonymKey } from '../../lib/tokens';

let keys: Promise<string> | undefined;

/** One key set for the whole test file: generating an RSA key takes a while. */
export function unitKeys(): Promise<string> {
  keys ??= generateSigningKey().then((key) => JSON.stringify({ keys: [key], pseudonym_key: newPseudonymKey() }));
  return keys;
}

/** A store of stubs: only what the test fills in exists; anything else fails loudly when called. */
export type StubStore = { [K in keyof Store]?: Partial<Store[K]> };

export async function unitContext(store: StubStore, settings: Record<string, string> = {}): Promise<AppContext> {
  const config = loadConfig({ JWT_SIGNING_KEYS: await unitKeys(), LOG_LEVEL: 'error', ...settings });
  return createContext(config, { store: store as Store });
}
