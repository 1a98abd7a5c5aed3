// The base context and the tokens, with the key ring they sign and verify with: what the functions
// that read no table need (JWKS, discovery), so their bundles carry no DynamoDB client.
import type { Config } from '../config';
import { parameterStore } from '../parameters/ssm';
import { createTokens, inlineKeys, readOnce, type KeySource, type Tokens } from '../tokens';
import { baseContext, createBaseContext, type BaseContext } from './base';

export interface KeysContext extends BaseContext {
  tokens: Tokens;
}

/** The signing keys: inline (local stacks, tests), or one SSM SecureString read per process (deployed). */
function keySource(config: Config): KeySource {
  const { signingKeys, signingKeysParameter } = config.jwt;
  if (signingKeys) return inlineKeys(signingKeys);
  const parameters = parameterStore(config.region);
  return readOnce(() => parameters.readSecure(signingKeysParameter!));
}

export function withTokens(base: BaseContext, tokens?: Tokens): KeysContext {
  return { ...base, tokens: tokens ?? createTokens(base.config.jwt, keySource(base.config)) };
}

export const createKeysContext = (config: Config): KeysContext => withTokens(createBaseContext(config));

let cold: KeysContext | undefined;

export function keysContext(): KeysContext {
  cold ??= withTokens(baseContext());
  return cold;
}
