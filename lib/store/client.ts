// The database handle every store module is built on: the DynamoDB document clients (with
// timeouts and retries that fail fast, every infrastructure failure turned into ServiceUnavailable
// where the SDK is called) and the table's name. Built once per cold start, from the settings.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { ServiceUnavailable } from '../errors';

export type DatabaseSettings = Pick<Config, 'tableName' | 'dynamodbEndpoint' | 'region' | 'dynamodbTimeoutMs'>;

export interface Db {
  client: DynamoDBDocumentClient;
  /**
   * For writes that must not be applied twice: the SDK retries a request that timed out, which
   * may already have been applied (an `ADD -1` would then take back two attempts).
   */
  unretried: DynamoDBDocumentClient;
  table: string;
}

function isLoopback(endpoint: string): boolean {
  const { hostname } = new URL(endpoint);
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

/** Outcomes that callers translate themselves (a failed condition) or that are our own bugs. */
const CALLER_ERRORS = new Set([
  'ConditionalCheckFailedException',
  'TransactionCanceledException',
  'ValidationException',
  'ResourceInUseException',
]);

/**
 * Throttling, timeouts, refused connections, DynamoDB's own 5xx, a missing table or missing
 * permissions: the request cannot be served safely, so it fails closed with 503, never issuing or
 * accepting a token on a guess.
 */
export function failClosed(error: unknown): unknown {
  const name = (error as { name?: string } | null)?.name;
  if (name !== undefined && CALLER_ERRORS.has(name)) return error;
  return new ServiceUnavailable(`DynamoDB: ${name ?? 'unknown error'}`, { cause: error });
}

function documentClient(
  settings: DatabaseSettings,
  maxAttempts: number,
  requestHandler?: DynamoDBClient['config']['requestHandler'],
): DynamoDBDocumentClient {
  const { dynamodbEndpoint, region, dynamodbTimeoutMs } = settings;
  const base = new DynamoDBClient({
    region,
    endpoint: dynamodbEndpoint,
    // DynamoDB Local accepts any credentials; a local developer should not need AWS ones.
    ...(dynamodbEndpoint && isLoopback(dynamodbEndpoint) ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // Bounded so that a sick dependency costs about three seconds, never the Lambda's timeout:
    // two attempts of at most DYNAMODB_TIMEOUT_MS (1.5 s) each (0.5 s to connect). Without
    // throwOnRequestTimeout the SDK only warns when the request timeout passes, and waits on.
    maxAttempts,
    requestHandler: requestHandler ?? { connectionTimeout: 500, requestTimeout: dynamodbTimeoutMs, throwOnRequestTimeout: true },
  });
  base.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw failClosed(error);
      }
    },
    { step: 'initialize', name: 'failClosed' },
  );
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

export function openDatabase(settings: DatabaseSettings): Db {
  const client = documentClient(settings, 2);
  let unretried: DynamoDBDocumentClient | undefined;
  return {
    client,
    // Built when first used (most functions never count an attempt: a client costs several ms of a
    // cold start), on the same HTTP handler, so one pool of connections: a first request's
    // connections (on AWS, TLS handshakes) serve both clients' requests.
    get unretried() {
      unretried ??= documentClient(settings, 1, client.config.requestHandler);
      return unretried;
    },
    table: settings.tableName,
  };
}
