// The tokens of a configuration built in a test (inline keys), one per configuration, so that a
// test can sign and verify as a function of that configuration would.
import type { Config } from '../../lib/config';
import { createTokens, inlineKeys, type TokenKind, type Tokens, type TokenSubject } from '../../lib/tokens';

const built = new WeakMap<Config, Tokens>();

export function tokensOf(config: Config): Tokens {
  let tokens = built.get(config);
  if (!tokens) {
    tokens = createTokens(config.jwt, inlineKeys(config.jwt.signingKeys!));
    built.set(config, tokens);
  }
  return tokens;
}

export const signToken = (kind: TokenKind, subject: TokenSubject, config: Config) => tokensOf(config).signNew(kind, subject);
export const verifyToken = (token: string, kind: TokenKind, config: Config) => tokensOf(config).verify(token, kind);
