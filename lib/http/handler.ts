// The single middy stack every function uses: error mapping → body parsing → validation → use case.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { config } from '../config';
import { describeError, log, logger } from '../log';
import { publishMetrics } from '../metrics';
import { validate, type Parsed, type Schema } from '../validation';
import { errorResponse, INTERNAL_ERROR, type ErrorOverrides } from './error-response';
import { parseBody, type ParsedEvent } from './parse-body';
import { jsonResponse, type HttpResponse } from './response';

export interface HttpHandlerSpec<S extends Schema, R> {
  /** The JSON body's fields (anything else in the body is ignored); omit for routes without a body. */
  input?: S;
  run: (input: Parsed<S>, event: APIGatewayProxyEventV2) => Promise<R>;
  /** Success status; 200 by default. */
  status?: number;
  /** Shapes the use case's result into the response body; the result itself by default. */
  body?: (result: R) => unknown;
  /** Success headers; responses are `Cache-Control: no-store` unless a route says otherwise. */
  headers?: Record<string, string>;
  /** Route-specific wording for error codes, where the contract differs from the default. */
  errors?: ErrorOverrides;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/**
 * A function whose configuration is invalid answers every request as any unexpected failure does
 * (500 and the JSON error body, never the runtime's own error page), and logs why each time.
 */
function misconfigured(problem: unknown): HttpHandler {
  return async (event, context) => {
    log.error('invalid configuration', {
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext?.requestId,
      ...describeError(problem),
    });
    return jsonResponse(500, { error: INTERNAL_ERROR });
  };
}

export function httpHandler<S extends Schema, R>(spec: HttpHandlerSpec<S, R>): HttpHandler {
  // Cold start: a misconfigured function is found here, before it ever takes a request.
  try {
    config();
  } catch (problem) {
    return misconfigured(problem);
  }
  const core = async (event: ParsedEvent): Promise<HttpResponse> => {
    const input = spec.input ? validate(event.parsedBody, spec.input) : ({} as Parsed<S>);
    const result = await spec.run(input, event);
    return jsonResponse(spec.status ?? 200, spec.body ? spec.body(result) : result, spec.headers);
  };
  // Middy runs onError middlewares in reverse order of `use`; the error mapper comes after the
  // logger's context (so its lines carry the request id) and before the body parser (so it also
  // catches the parser's failures). resetKeys: nothing logged in one invocation leaks into the next.
  const stack = middy<ParsedEvent, HttpResponse>(core)
    .use(injectLambdaContext(logger(), { resetKeys: true }))
    .use(publishMetrics())
    .use(errorResponse(spec.errors));
  return (spec.input ? stack.use(parseBody()) : stack) as unknown as HttpHandler;
}
