// Structured JSON logging (Powertools for AWS Lambda's Logger): one logger per cold start, at the
// configured level, with the Lambda request id added by lib/http for every invocation. The only
// importer of Powertools' logger.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Config } from './config';

type Fields = Record<string, unknown>;

export interface Log {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** Middleware that adds the Lambda request id to every line of an invocation, and forgets its keys after. */
  readonly requestContext: ReturnType<typeof injectLambdaContext>;
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export function createLog({ logLevel, stage }: Pick<Config, 'logLevel' | 'stage'>): Log {
  const logger = new Logger({ serviceName: 'auth-api', logLevel: logLevel.toUpperCase() as Level, persistentKeys: { stage } });
  return {
    debug: (message, fields = {}) => logger.debug(message, fields),
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
    // resetKeys: nothing logged in one invocation leaks into the next.
    requestContext: injectLambdaContext(logger, { resetKeys: true }),
  };
}

/** An error as loggable fields: name, message (its internal reason), stack and code, never request bodies or tokens. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { name, message, stack } = error;
  return { error: { name, message, stack, code: (error as { code?: unknown }).code } };
}
