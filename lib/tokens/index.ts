// The token module's public face: the tokens of one configuration (kinds, sign, verify, the key
// ring) built once per cold start, and key generation for tools. The only jose importer.
import { createKeyRing, type KeySource } from './keys';
import type { JwtSettings, TokenKind } from './kinds';
import { issuedClaims, signClaims, signToken, tokenClaims, type Issuance, type TokenSubject } from './sign';
import { verifyToken } from './verify';

export { ACCESS, REFRESH, SESSION_ID_PATTERN, type JwtSettings, type TokenClaims, type TokenKind } from './kinds';
export { type Issuance, type SignedToken, type TokenSubject } from './sign';
export { MAX_TOKEN_BYTES } from './verify';
export { generateSigningKey, inlineKeys, newPseudonymKey, publicJwk, readOnce, type KeySource } from './keys';

export function createTokens(jwt: JwtSettings, source: KeySource) {
  const keys = createKeyRing(source);
  return {
    settings: jwt,
    /** The claims of a new token: known before it is signed, so its record can be written meanwhile. */
    claims: (kind: TokenKind, subject: TokenSubject) => tokenClaims(kind, subject, jwt),
    /** The claims of a token issued before (from its record): they sign to the same token. */
    reissued: (kind: TokenKind, subject: TokenSubject, issuance: Issuance) => issuedClaims(kind, subject, issuance, jwt),
    sign: (claims: Parameters<typeof signClaims>[0]) => signClaims(claims, keys),
    signNew: (kind: TokenKind, subject: TokenSubject) => signToken(kind, subject, jwt, keys),
    verify: (token: string, kind: TokenKind) => verifyToken(token, kind, jwt, keys),
    publicJwks: () => keys.publicJwks(),
    pseudonymSecret: () => keys.pseudonymSecret(),
  };
}

export type Tokens = ReturnType<typeof createTokens>;
