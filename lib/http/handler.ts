// The single middy stack every function uses: error mapping → body parsing → validation → use case,
// with the context (settings, store, tokens, log, metrics) built once per cold start.
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { BaseContext } from '../context/base';
import { createLog, describeError, type Log } from '../log';
import { validate, type Parsed, type Schema } from '../validation';
import { errorResponse, INTERNAL_ERROR, type ErrorOverrides } from './error-response';
import { parseBody, type ParsedEvent } from './parse-body';
import { jsonResponse, type HttpResponse } from './response';

export interface HttpHandlerSpec<C extends BaseContext, S extends Schema, R> {
  /** The JSON body's fields (anything else in the body is ignored); omit for routes without a body. */
  input?: S;
  run: (ctx: C, input: Parsed<S>, event: APIGatewayProxyEventV2) => Promise<R>;
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
  const log = createLog({ logLevel: 'info', stage: 'misconfigured' });
  return async (event, context) => {
    log.error('invalid configuration', {
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext?.requestId,
      ...describeError(problem),
    });
    return jsonResponse(500, { error: INTERNAL_ERROR });
  };
}

/** Every log line of an invocation carries its request id; nothing of it leaks into the next. */
const invocationLog = (log: Log): MiddlewareObj<ParsedEvent, HttpResponse, Error, Context> => ({
  before: (request) => log.startInvocation(request.context),
  after: () => log.endInvocation(),
  onError: () => log.endInvocation(),
});

/** Publishes what the invocation counted, after it answers (success or error). */
const publishMetrics = (ctx: BaseContext): MiddlewareObj => ({ after: () => ctx.metrics.publish(), onError: () => ctx.metrics.publish() });

/**
 * `context` builds what the use case needs, once, on the first request (a function's cold start;
 * lib/context has one per kind of function, so a function that reads no table bundles no DynamoDB
 * client). A misconfigured function is found then, and answers every request with the JSON 500.
 */
export function httpHandler<C extends BaseContext, S extends Schema, R>(context: () => C, spec: HttpHandlerSpec<C, S, R>): HttpHandler {
  let handler: HttpHandler | undefined;
  return (event, lambda) => {
    handler ??= build(context, spec);
    return handler(event, lambda);
  };
}

function build<C extends BaseContext, S extends Schema, R>(context: () => C, spec: HttpHandlerSpec<C, S, R>): HttpHandler {
  let ctx: C;
  try {
    ctx = context();
  } catch (problem) {
    return misconfigured(problem);
  }
  const core = async (event: ParsedEvent): Promise<HttpResponse> => {
    const input = spec.input ? validate(event.parsedBody, spec.input) : ({} as Parsed<S>);
    const result = await spec.run(ctx, input, event);
    return jsonResponse(spec.status ?? 200, spec.body ? spec.body(result) : result, spec.headers);
  };
  // Middy runs onError middlewares in reverse order of `use`; the error mapper comes after the
  // logger's context (so its lines carry the request id) and before the body parser (so it also
  // catches the parser's failures).
  const stack = middy<ParsedEvent, HttpResponse>(core)
    .use(invocationLog(ctx.log))
    .use(publishMetrics(ctx))
    .use(errorResponse(ctx.log, spec.errors));
  return (spec.input ? stack.use(parseBody()) : stack) as unknown as HttpHandler;
}

/**
 * A function's route: its handler on the process's context, and its spec, so that tests can serve
 * the very same route on a context they build.
 */
export function route<C extends BaseContext, S extends Schema, R>(context: () => C, spec: HttpHandlerSpec<C, S, R>) {
  return { spec, handler: httpHandler(context, spec) };
}
