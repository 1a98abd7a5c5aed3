// The replaced Django backend's simplejwt refresh tokens, honoured during the cut-over window only:
// HMAC-signed (HS256, or HS384/HS512 if the key set says so) with the old backend's key, which the
// stage's key set carries in its `legacy_simplejwt` member and which is read only inside the window.
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { ConfigError, TokenExpired, TokenInvalid } from '../errors';
import { MAX_TOKEN_BYTES } from './kinds';

/** The key set's member holding the old backend's key (`npm run keys -- legacy-import`). */
export const LEGACY_MEMBER = 'legacy_simplejwt';

/** What simplejwt can sign with a shared secret; RS256 stays ours, so no algorithm is in both sets. */
export const LEGACY_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type LegacyAlgorithm = (typeof LEGACY_ALGORITHMS)[number];

/**
 * The old backend's verification settings: SIMPLE_JWT's SIGNING_KEY (Django's SECRET_KEY by
 * default), ALGORITHM, ISSUER, AUDIENCE, and the cut-over instant: the old backend issued nothing
 * after it, so a token claiming a later `iat` was made by someone else holding the key.
 */
export interface LegacyKey {
  secret: Uint8Array;
  algorithms: LegacyAlgorithm[];
  /** Epoch ms. */
  issuedBeforeMs: number;
  issuer?: string;
  audience?: string;
}

/** The member as `npm run keys -- legacy-import` writes it. */
export interface LegacyMember {
  key: string;
  algorithms: LegacyAlgorithm[];
  /** ISO 8601 instant: when the old backend stopped issuing tokens. */
  issued_before: string;
  issuer?: string;
  audience?: string;
}

/** The claims of a simplejwt refresh token this service honours: enough to find its user and revoke it by jti. */
export interface LegacyClaims {
  userId: number;
  jti: string;
  /** Epoch seconds. */
  iat: number;
  exp: number;
}

/** Clock difference tolerated between the old backend and Lambda for `iat`. */
const IAT_LEEWAY_SECONDS = 60;
/** simplejwt's jti is a uuid4 as 32 hex digits; anything of this alphabet and length is kept as it is. */
const JTI_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a member (what legacy-import writes, what the functions read inside the window). */
export function parseLegacyKey(member: unknown): LegacyKey {
  const problem = (text: string) => new ConfigError([`${LEGACY_MEMBER} ${text}`]);
  if (!isObject(member)) throw problem('must be an object');
  const { key, algorithms = ['HS256'], issued_before, issuer, audience } = member;
  if (typeof key !== 'string' || key === '') throw problem("needs its key, the old backend's SIGNING_KEY (Django's SECRET_KEY)");
  if (
    !Array.isArray(algorithms) ||
    algorithms.length === 0 ||
    !algorithms.every((alg) => (LEGACY_ALGORITHMS as readonly unknown[]).includes(alg))
  ) {
    throw problem(`algorithms must be some of ${LEGACY_ALGORITHMS.join(', ')}`);
  }
  const issuedBeforeMs = typeof issued_before === 'string' ? Date.parse(issued_before) : Number.NaN;
  if (Number.isNaN(issuedBeforeMs)) throw problem('needs issued_before, the cut-over instant (ISO 8601)');
  for (const [name, value] of [
    ['issuer', issuer],
    ['audience', audience],
  ] as const)
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw problem(`${name} must be a non-empty string`);
  return {
    // PyJWT signs with a str key's UTF-8 bytes.
    secret: new TextEncoder().encode(key),
    algorithms: algorithms as LegacyAlgorithm[],
    issuedBeforeMs,
    ...(issuer === undefined ? {} : { issuer: issuer as string }),
    ...(audience === undefined ? {} : { audience: audience as string }),
  };
}

/**
 * Whether a token claims an HMAC algorithm: only such a token is ever checked against the old key,
 * and only with the algorithms configured for it. Everything else (RS256, none, garbage) is ours to
 * verify or refuse, so neither key is ever tried with the other's algorithm.
 */
export function claimsHmac(token: string): boolean {
  try {
    const { alg } = decodeProtectedHeader(token);
    return typeof alg === 'string' && alg.toUpperCase().startsWith('HS');
  } catch {
    return false;
  }
}

/** simplejwt writes an integer pk as a number (5.x) and older versions as its decimal string. */
function pkOf(userId: unknown): number | undefined {
  if (typeof userId === 'number') return Number.isSafeInteger(userId) && userId >= 1 ? userId : undefined;
  if (typeof userId === 'string' && /^[1-9][0-9]{0,15}$/.test(userId)) {
    const pk = Number(userId);
    return Number.isSafeInteger(pk) ? pk : undefined;
  }
  return undefined;
}

/**
 * A simplejwt refresh token, checked against the old key: signature (only the configured HMAC
 * algorithms), `exp`, type `refresh`, issued before the cut-over and not in the future, an integer
 * pk and a jti. Records, users and revocation are the use case's to check.
 */
export async function verifyLegacyRefresh(token: string, key: LegacyKey): Promise<LegacyClaims> {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new TokenInvalid('token too large');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key.secret, {
      algorithms: key.algorithms,
      ...(key.issuer ? { issuer: key.issuer } : {}),
      ...(key.audience ? { audience: key.audience } : {}),
      requiredClaims: ['exp', 'iat', 'jti', 'token_type', 'user_id'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenExpired({ cause: error });
    throw new TokenInvalid('simplejwt token failed verification', { cause: error });
  }
  const { token_type, user_id, jti, iat, exp } = payload;
  if (token_type !== 'refresh') throw new TokenInvalid('simplejwt token is not a refresh token');
  const userId = pkOf(user_id);
  if (userId === undefined) throw new TokenInvalid('simplejwt token has no integer user_id');
  if (typeof jti !== 'string' || !JTI_PATTERN.test(jti)) throw new TokenInvalid('simplejwt token has a bad jti');
  if (typeof iat !== 'number' || !Number.isInteger(iat) || typeof exp !== 'number') throw new TokenInvalid('simplejwt token has bad times');
  if (iat * 1000 >= key.issuedBeforeMs) throw new TokenInvalid('simplejwt token issued after the cut-over');
  if (iat > Date.now() / 1000 + IAT_LEEWAY_SECONDS) throw new TokenInvalid('simplejwt token issued in the future');
  return { userId, jti, iat, exp };
}
