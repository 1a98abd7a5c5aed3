// Structured JSON logging (Powertools for AWS Lambda's Logger): one logger per cold start, at the
// configured level, with the Lambda request id added by lib/http for every invocation. The only
// importer of Powertools' logger.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from './config';

type Fields = Record<string, unknown>;

export interface Log {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** The Powertools logger itself, for lib/http's request-context middleware. */
  readonly logger: Logger;
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export function createLog({ logLevel, stage }: Pick<Config, 'logLevel' | 'stage'>): Log {
  const logger = new Logger({ serviceName: 'auth-api', logLevel: logLevel.toUpperCase() as Level, persistentKeys: { stage } });
  return {
    debug: (message, fields = {}) => logger.debug(message, fields),
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
    logger,
  };
}

/** An error as loggable fields: name, message (its internal reason), stack and code, never request bodies or tokens. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { name, message, stack } = error;
  return { error: { name, message, stack, code: (error as { code?: unknown }).code } };
}
