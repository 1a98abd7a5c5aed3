// What every use case works with, built once per cold start from the configuration: the settings,
// the log and metrics, the tokens (with their key ring) and the store. Functions get theirs from
// lib/http; tests, scripts and the bench build their own from settings they choose, so nothing
// needs process.env changed.
import type { Config } from '../config';
import { createStore, type Store } from '../store';
import type { Tokens } from '../tokens';
import { createBaseContext, type BaseContext } from './base';
import { keysContext, withTokens, type KeysContext } from './keys';

export interface AppContext extends KeysContext {
  store: Store;
}

export interface ContextParts {
  store?: Store;
  tokens?: Tokens;
  log?: BaseContext['log'];
  metrics?: BaseContext['metrics'];
}

export function createContext(config: Config, parts: ContextParts = {}): AppContext {
  const keys = withTokens(createBaseContext(config, parts), parts.tokens);
  return { ...keys, store: parts.store ?? createStore(config) };
}

let cold: AppContext | undefined;

/** The process's context, from its environment, built on first use (a function's cold start). */
export function appContext(): AppContext {
  if (!cold) {
    const keys = keysContext();
    cold = { ...keys, store: createStore(keys.config) };
  }
  return cold;
}

export { baseContext, type BaseContext } from './base';
export { keysContext, type KeysContext } from './keys';
