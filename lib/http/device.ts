// Where a request comes from, as a session records it: API Gateway's source address and the
// User-Agent header (the use case bounds its length).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sourceIp } from './source-ip';

export function device(event: APIGatewayProxyEventV2): { sourceIp: string; userAgent: string } {
  // API Gateway (payload 2.0) lower-cases header names; absent is empty.
  return { sourceIp: sourceIp(event), userAgent: event.headers?.['user-agent'] ?? '' };
}
