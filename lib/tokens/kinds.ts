// Token kinds as data: each kind is a `token_type` claim and a lifetime taken from config.
import type { Config } from '../config';

/** The token settings of the configuration: issuer, audience, lifetimes, rotation. */
export type JwtSettings = Config['jwt'];

export interface TokenKind {
  readonly type: 'access' | 'refresh';
  readonly lifetimeSeconds: (jwt: JwtSettings) => number;
}

export const ACCESS: TokenKind = { type: 'access', lifetimeSeconds: (jwt) => jwt.accessLifetimeSeconds };
export const REFRESH: TokenKind = { type: 'refresh', lifetimeSeconds: (jwt) => jwt.refreshLifetimeSeconds };

/** The claims every token of ours carries (simplejwt-compatible names). */
export interface TokenClaims {
  token_type: TokenKind['type'];
  /** The user's pk, an integer as simplejwt's `for_user` writes it (`"user_id": 1`). */
  user_id: number;
  /** The same pk as a string (RFC 7519's StringOrURI). */
  sub: string;
  /** The session (one login and every refresh after it): OIDC's `sid`. */
  sid: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
}

/** `sid` values: 9 base-36 digits of creation time (ms), then 16 hex digits of randomness. */
export const SESSION_ID_PATTERN = /^[0-9a-z]{9}[0-9a-f]{16}$/;

/** Our tokens (and simplejwt's) are well under 1 KB; anything this large is refused before any crypto runs. */
export const MAX_TOKEN_BYTES = 8 * 1024;
