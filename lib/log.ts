// Structured JSON logging (Powertools for AWS Lambda's Logger): one logger per process, at the
// configured level, with the Lambda request id added by lib/http for every invocation.
import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config';

let instance: Logger | undefined;

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** The configured level and stage; a function whose configuration is invalid still logs why. */
function settings(): { level: Level; stage: string } {
  try {
    const { logLevel, stage } = config();
    return { level: logLevel.toUpperCase() as Level, stage };
  } catch {
    return { level: 'INFO', stage: 'misconfigured' };
  }
}

export function logger(): Logger {
  const { level, stage } = settings();
  instance ??= new Logger({ serviceName: 'auth-api', logLevel: level, persistentKeys: { stage } });
  // Follows the configuration if it is reloaded (tests do; a Lambda never does).
  if (instance.getLevelName() !== level) instance.setLogLevel(level);
  return instance;
}

/** An error as loggable fields: name, message, stack and code, never request bodies or tokens. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { name, message, stack } = error;
  return { error: { name, message, stack, code: (error as { code?: unknown }).code } };
}

type Fields = Record<string, unknown>;

export const log = {
  debug: (message: string, fields: Fields = {}) => logger().debug(message, fields),
  info: (message: string, fields: Fields = {}) => logger().info(message, fields),
  warn: (message: string, fields: Fields = {}) => logger().warn(message, fields),
  error: (message: string, fields: Fields = {}) => logger().error(message, fields),
};
