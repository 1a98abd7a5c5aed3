// How a bearer-protected route answers a missing or refused access token (RFC 6750: the 401 names its scheme).
import { ErrorCode } from '../errors';
import type { ErrorOverrides } from './error-response';

const challenge = { 'www-authenticate': 'Bearer realm="api"' };
const invalidToken = { status: 401, message: 'Given token not valid for any token type', headers: challenge };

/** simplejwt's wording for a refused token, and the challenge header on every 401. */
export const BEARER_ERRORS: ErrorOverrides = {
  [ErrorCode.NotAuthenticated]: { status: 401, headers: challenge },
  [ErrorCode.TokenInvalid]: invalidToken,
  [ErrorCode.TokenExpired]: invalidToken,
};
