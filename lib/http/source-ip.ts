// The client's address as API Gateway saw the TCP connection.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Never X-Forwarded-For: the client writes that header, and could name any address. */
export function sourceIp(event: APIGatewayProxyEventV2): string {
  return event.requestContext?.http?.sourceIp || 'unknown';
}
