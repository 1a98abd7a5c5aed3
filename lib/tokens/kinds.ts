// Token kinds as data: each kind is a `token_type` claim and a lifetime taken from config.
import type { Config } from '../config';

export interface TokenKind {
  readonly type: 'access' | 'refresh';
  readonly lifetimeSeconds: (config: Config) => number;
}

export const ACCESS: TokenKind = { type: 'access', lifetimeSeconds: (c) => c.jwt.accessLifetimeSeconds };
export const REFRESH: TokenKind = { type: 'refresh', lifetimeSeconds: (c) => c.jwt.refreshLifetimeSeconds };

/** The claims every token of ours carries (simplejwt-compatible names). */
export interface TokenClaims {
  token_type: TokenKind['type'];
  /** The user's pk as a string, like `sub`. */
  user_id: string;
  sub: string;
  iss: string;
  iat: number;
  exp: number;
  jti: string;
}
