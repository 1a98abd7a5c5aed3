// The token module's public face: the tokens of one configuration (kinds, sign, verify, the key
// ring) built once per cold start, and key generation for tools. The only jose importer.
import { TokenInvalid } from '../errors';
import { createKeyRing, type KeySource } from './keys';
import { REFRESH, type JwtSettings, type TokenClaims, type TokenKind } from './kinds';
import { claimsHmac, verifyLegacyRefresh, type LegacyClaims } from './legacy';
import { issuedClaims, signClaims, signToken, tokenClaims, type Issuance, type TokenSubject } from './sign';
import { verifyToken } from './verify';

export { ACCESS, REFRESH, SESSION_ID_PATTERN, type JwtSettings, type TokenClaims, type TokenKind } from './kinds';
export { type Issuance, type SignedToken, type TokenSubject } from './sign';
export { MAX_TOKEN_BYTES } from './verify';
export { LEGACY_ALGORITHMS, LEGACY_MEMBER, parseLegacyKey, type LegacyAlgorithm, type LegacyClaims, type LegacyMember } from './legacy';

/** A refresh token that verified: one of ours, or (inside the cut-over window) one the old simplejwt backend issued. */
export type VerifiedRefresh = { origin: 'ours'; claims: TokenClaims } | { origin: 'simplejwt'; claims: LegacyClaims };

/**
 * Whether the old backend's tokens are honoured at `nowMs`. Outside the window the legacy key is
 * never read: the answer comes from the configuration alone.
 */
export const legacyWindowOpen = (jwt: JwtSettings, nowMs: number): boolean =>
  jwt.legacySimplejwtUntilMs !== undefined && nowMs < jwt.legacySimplejwtUntilMs;
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
    /**
     * A refresh token presented at refresh or logout: ours (RS256, by kid), or inside the cut-over
     * window a simplejwt one (HMAC, the old key). The header's alg only chooses which check runs;
     * each check allows its own algorithms alone.
     */
    async verifyRefresh(token: string, nowMs = Date.now()): Promise<VerifiedRefresh> {
      if (!claimsHmac(token)) return { origin: 'ours', claims: await verifyToken(token, REFRESH, jwt, keys) };
      if (!legacyWindowOpen(jwt, nowMs)) throw new TokenInvalid('HMAC-signed token outside the simplejwt cut-over window');
      const legacy = await keys.legacyKey();
      if (!legacy) throw new TokenInvalid('simplejwt token, but LEGACY_SIMPLEJWT_UNTIL is set and the key set has no legacy_simplejwt key');
      return { origin: 'simplejwt', claims: await verifyLegacyRefresh(token, legacy) };
    },
    publicJwks: () => keys.publicJwks(),
    pseudonymSecret: () => keys.pseudonymSecret(),
  };
}

export type Tokens = ReturnType<typeof createTokens>;
