// Verifies a token of an expected kind; every jose failure becomes TokenInvalid or TokenExpired.
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { TokenExpired, TokenInvalid } from '../errors';
import { ALGORITHM, type KeyRing } from './keys';
import { MAX_TOKEN_BYTES, SESSION_ID_PATTERN, type JwtSettings, type TokenClaims, type TokenKind } from './kinds';

export { MAX_TOKEN_BYTES } from './kinds';

const REQUIRED_CLAIMS = ['exp', 'iat', 'jti', 'sub', 'sid', 'token_type'];

export async function verifyToken(token: string, kind: TokenKind, jwt: JwtSettings, keys: KeyRing): Promise<TokenClaims> {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new TokenInvalid('token too large');
  let kid: unknown;
  try {
    ({ kid } = decodeProtectedHeader(token));
  } catch (error) {
    throw new TokenInvalid('malformed token', { cause: error });
  }
  // The key comes only from our own key set by kid: never from jwk/jku/x5u headers. Reading the
  // set (SSM) or importing the key can fail: the service's failure, not the token's.
  const key = typeof kid === 'string' ? await keys.verifyingKey(kid) : undefined;
  if (key === undefined) throw new TokenInvalid('unknown kid');

  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: jwt.issuer,
      audience: jwt.audience,
      requiredClaims: REQUIRED_CLAIMS,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenExpired({ cause: error });
    if (error instanceof TokenInvalid) throw error;
    throw new TokenInvalid('verification failed', { cause: error });
  }

  const { token_type, sub, user_id, jti, sid } = payload;
  if (token_type !== kind.type) throw new TokenInvalid(`expected a ${kind.type} token`);
  if (typeof sub !== 'string' || !/^[1-9][0-9]{0,15}$/.test(sub)) throw new TokenInvalid('bad sub');
  // Only the shape we issue: the integer pk (what a simplejwt resource server compares with
  // user.pk), naming the same user as `sub`. A string "7" is not our token.
  if (typeof user_id !== 'number' || !Number.isSafeInteger(user_id) || user_id < 1) throw new TokenInvalid('bad user_id');
  if (String(user_id) !== sub) throw new TokenInvalid('user_id does not match sub');
  if (typeof jti !== 'string' || jti === '') throw new TokenInvalid('bad jti');
  if (typeof sid !== 'string' || !SESSION_ID_PATTERN.test(sid)) throw new TokenInvalid('bad sid');
  return payload as unknown as TokenClaims;
}
