// The shape of every HTTP response: JSON bodies with their content type, uncached unless told.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

/** Tokens and profiles must never sit in a shared cache (RFC 6749 §5.1); nothing is sniffed as HTML. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache', 'x-content-type-options': 'nosniff' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  // 204 No Content: no body, so no content type either.
  if (statusCode === 204) return { statusCode, headers: { ...NO_STORE, ...headers }, body: '' };
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
    body: JSON.stringify(body),
  };
}
