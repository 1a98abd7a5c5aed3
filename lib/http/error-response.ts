// Middleware: the one place where error codes become HTTP statuses and JSON error bodies. A
// client sees an error's public message (or the route's fixed wording), never its internal reason.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { AuthError, ErrorCode, ValidationFailed } from '../errors';
import { describeError, type Log } from '../log';
import { jsonResponse, type HttpResponse } from './response';

export interface ErrorMapping {
  status: number;
  /** The route's fixed wording for this code, where the contract has one; else the error's public message. */
  message?: string;
  headers?: Record<string, string>;
}

export type ErrorOverrides = Partial<Record<ErrorCode, ErrorMapping>>;

export const INTERNAL_ERROR = 'Internal server error';

const DEFAULTS: Record<ErrorCode, ErrorMapping> = {
  [ErrorCode.BadRequest]: { status: 400 },
  [ErrorCode.Validation]: { status: 400 },
  [ErrorCode.PayloadTooLarge]: { status: 413 },
  [ErrorCode.UnsupportedMediaType]: { status: 415 },
  [ErrorCode.InvalidCredentials]: { status: 401 },
  [ErrorCode.EmailNotVerified]: { status: 400 },
  [ErrorCode.TooManyAttempts]: { status: 429 },
  [ErrorCode.RateLimited]: { status: 429 },
  [ErrorCode.NotAuthenticated]: { status: 401 },
  [ErrorCode.TokenInvalid]: { status: 401 },
  [ErrorCode.TokenExpired]: { status: 401 },
  [ErrorCode.NotFound]: { status: 404 },
  [ErrorCode.Unavailable]: { status: 503 },
  [ErrorCode.Config]: { status: 500 },
};

function requestIds(event: APIGatewayProxyEventV2, context: Context) {
  return { requestId: context.awsRequestId, apiRequestId: event.requestContext?.requestId };
}

export function errorResponse(log: Log, overrides: ErrorOverrides = {}): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: (request) => {
      const { error, event, context } = request;
      if (!(error instanceof AuthError)) {
        // Unexpected: the details go to the log with the request id, never to the client.
        log.error('unhandled error', { ...requestIds(event, context), ...describeError(error) });
        request.response = jsonResponse(500, { error: INTERNAL_ERROR });
        return;
      }
      const mapping = overrides[error.code] ?? DEFAULTS[error.code];
      const level = mapping.status >= 500 ? 'error' : 'debug';
      log[level]('request refused', {
        ...requestIds(event, context),
        code: error.code,
        status: mapping.status,
        reason: error.message,
        cause: (error.cause as Error | undefined)?.message,
      });
      const body: Record<string, unknown> = { error: mapping.message ?? error.publicMessage };
      if (error instanceof ValidationFailed) body.fields = error.fields;
      request.response = jsonResponse(mapping.status, body, { ...mapping.headers, ...error.headers });
    },
  };
}
