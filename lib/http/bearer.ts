// Reads the access token from `Authorization: Bearer <token>` (RFC 6750).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ErrorCode, NotAuthenticated, TokenInvalid } from '../errors';
import type { ErrorOverrides } from './error-response';

export function bearerToken(event: APIGatewayProxyEventV2): string {
  // API Gateway (payload 2.0) lower-cases header names.
  const header = event.headers?.authorization;
  if (!header) throw new NotAuthenticated();
  const match = /^Bearer +([^ ]+) *$/i.exec(header);
  if (!match) throw new TokenInvalid('Authorization header is not "Bearer <token>"');
  return match[1]!;
}

// RFC 6750: a 401 from a protected resource names the scheme it expects.
const challenge = { 'www-authenticate': 'Bearer realm="api"' };
const invalidToken = { status: 401, message: 'Given token not valid for any token type', headers: challenge };

/** The 401s of every route that takes an access token (simplejwt's wording). */
export const BEARER_ERRORS: ErrorOverrides = {
  [ErrorCode.NotAuthenticated]: { status: 401, headers: challenge },
  [ErrorCode.TokenInvalid]: invalidToken,
  [ErrorCode.TokenExpired]: invalidToken,
};
