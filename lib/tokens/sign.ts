// Issues a token of any kind: one function, parameterised by the kind's type and lifetime.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Config } from '../config';
import { ALGORITHM, keyRing } from './keys';
import type { TokenClaims, TokenKind } from './kinds';

export interface SignedToken {
  token: string;
  claims: TokenClaims;
}

export interface TokenSubject {
  userId: number;
  sid: string;
}

/** The claims of a new token: known before it is signed, so its record can be written meanwhile. */
export function tokenClaims(kind: TokenKind, { userId, sid }: TokenSubject, config: Config): TokenClaims {
  const iat = Math.floor(Date.now() / 1000);
  return {
    token_type: kind.type,
    user_id: userId,
    sub: String(userId),
    sid,
    iss: config.jwt.issuer,
    aud: config.jwt.audience,
    iat,
    exp: iat + kind.lifetimeSeconds(config),
    // simplejwt's jti format: a uuid4 as 32 hex digits.
    jti: randomUUID().replaceAll('-', ''),
  };
}

export async function signClaims(claims: TokenClaims, config: Config): Promise<string> {
  const { signing } = await keyRing(config);
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: 'JWT' }).sign(signing.key);
}

export async function signToken(kind: TokenKind, subject: TokenSubject, config: Config): Promise<SignedToken> {
  const claims = tokenClaims(kind, subject, config);
  return { token: await signClaims(claims, config), claims };
}
