// Reads the access token from `Authorization: Bearer <token>` (RFC 6750).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotAuthenticated, TokenInvalid } from '../errors';

export function bearerToken(event: APIGatewayProxyEventV2): string {
  // API Gateway (payload 2.0) lower-cases header names.
  const header = event.headers?.authorization;
  if (!header) throw new NotAuthenticated();
  const match = /^Bearer +([^ ]+) *$/i.exec(header);
  if (!match) throw new TokenInvalid('Authorization header is not "Bearer <token>"');
  return match[1]!;
}
