// Middleware: turns the API Gateway body into a plain JSON object, or refuses it with 400/413.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from '../errors';

export const MAX_BODY_BYTES = 16 * 1024;

export type JsonObject = Record<string, unknown>;
export type ParsedEvent = APIGatewayProxyEventV2 & { parsedBody: JsonObject };

export const NOT_AN_OBJECT = 'Request body must be a JSON object.';

function decode(event: APIGatewayProxyEventV2): Buffer {
  const raw = event.body ?? '';
  // Checked on the encoded size first so an oversized body is never decoded at all.
  const encodedLimit = event.isBase64Encoded ? Math.ceil(MAX_BODY_BYTES / 3) * 4 : MAX_BODY_BYTES;
  if (Buffer.byteLength(raw) > encodedLimit) throw new PayloadTooLarge(MAX_BODY_BYTES);
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  return bytes;
}

/** `application/json`, optionally with `charset=utf-8`; nothing else (RFC 8259 JSON is UTF-8). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export function parseBody(): MiddlewareObj<ParsedEvent> {
  return {
    before: (request) => {
      // API Gateway (payload 2.0) lower-cases header names.
      if (!JSON_MEDIA_TYPE.test(request.event.headers?.['content-type'] ?? '')) throw new UnsupportedMediaType();
      const bytes = decode(request.event);
      if (bytes.length === 0) throw new BadRequest(NOT_AN_OBJECT);
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        throw new BadRequest('Request body is not valid JSON.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest(NOT_AN_OBJECT);
      request.event.parsedBody = body as JsonObject;
    },
  };
}
