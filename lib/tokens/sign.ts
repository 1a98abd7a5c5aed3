// Issues a token of any kind: one function, parameterised by the kind's type and lifetime.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ALGORITHM, type KeyRing } from './keys';
import type { JwtSettings, TokenClaims, TokenKind } from './kinds';

export interface SignedToken {
  token: string;
  claims: TokenClaims;
}

export interface TokenSubject {
  userId: number;
  sid: string;
}

/** When a token was issued and what identifies it: enough, with its subject, to sign it again. */
export interface Issuance {
  jti: string;
  /** Epoch seconds. */
  iat: number;
  exp: number;
}

/**
 * Every token's claims, always in this order: RS256 signatures are deterministic, so the same
 * claims sign to the same token, byte for byte (a retried rotation answers with its successor).
 */
function claimsOf(kind: TokenKind, { userId, sid }: TokenSubject, { jti, iat, exp }: Issuance, jwt: JwtSettings): TokenClaims {
  return {
    token_type: kind.type,
    user_id: userId,
    sub: String(userId),
    sid,
    iss: jwt.issuer,
    aud: jwt.audience,
    iat,
    exp,
    jti,
  };
}

/** The claims of a new token: known before it is signed, so its record can be written meanwhile. */
export function tokenClaims(kind: TokenKind, subject: TokenSubject, jwt: JwtSettings): TokenClaims {
  const iat = Math.floor(Date.now() / 1000);
  // simplejwt's jti format: a uuid4 as 32 hex digits.
  return claimsOf(kind, subject, { jti: randomUUID().replaceAll('-', ''), iat, exp: iat + kind.lifetimeSeconds(jwt) }, jwt);
}

/** The claims of a token issued before, from its record: they sign to the same token. */
export function issuedClaims(kind: TokenKind, subject: TokenSubject, issuance: Issuance, jwt: JwtSettings): TokenClaims {
  return claimsOf(kind, subject, issuance, jwt);
}

export async function signClaims(claims: TokenClaims, keys: KeyRing): Promise<string> {
  const signing = await keys.signingKey();
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: 'JWT' }).sign(signing.key);
}

export async function signToken(kind: TokenKind, subject: TokenSubject, jwt: JwtSettings, keys: KeyRing): Promise<SignedToken> {
  const claims = tokenClaims(kind, subject, jwt);
  return { token: await signClaims(claims, keys), claims };
}
