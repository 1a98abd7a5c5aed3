// The benchmarks' own DynamoDB Local and settings: a fresh table, a fresh key, quiet logs.
import { startDynamoDbLocal, type RunningDynamoDb } from '../scripts/local/dynamodb';
import { createLocalTable } from '../scripts/local/table';

/**
 * The bench's settings. The deployed bundles it loads read theirs from the process environment at
 * cold start, as on Lambda, so these become the environment of the bench's process, once, before
 * any bundle loads; the bench's own calls into lib/ get the same settings through loadConfig.
 */
export async function startBenchDatabase(): Promise<RunningDynamoDb> {
  const dynamodb = await startDynamoDbLocal();
  const { generateSigningKey } = await import('../lib/tokens');
  // eslint-disable-next-line no-restricted-syntax -- the deployed bundles read their settings from the environment, as on Lambda
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    TABLE_NAME: 'auth-api-bench',
    JWT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    // One issuer for the in-process functions and the local stack the bench starts on this database.
    JWT_ISSUER: 'http://localhost:3000',
    LOG_LEVEL: 'error',
    // The cold starts of the bearer routes present one access token, made before the warm
    // measurements: it must outlive the whole run (about ten minutes), not the default five.
    ACCESS_TOKEN_LIFETIME_SECONDS: '3600',
    // The benchmarks measure password work, not the lockout, which would answer 429 early.
    LOGIN_MAX_FAILURES: '1000',
    LOGIN_IP_MAX_FAILURES: '100000',
    LOGIN_ACCOUNT_MAX_FAILURES: '100000',
    // Every registration comes from one address.
    REGISTER_IP_MAX_ATTEMPTS: '1000000',
    // Every reset request too.
    PASSWORD_RESET_IP_MAX_PER_HOUR: '1000000',
    // EMF lines would flood the output; publishing is not what is measured.
    METRICS_ENABLED: 'false',
  });
  try {
    await createLocalTable(dynamodb.endpoint, 'auth-api-bench');
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  return dynamodb;
}

/** Runs a benchmark against its own database, stops the database whatever happens, exits 1 on error. */
export function runWithBenchDatabase(body: (endpoint: string) => Promise<void>): void {
  (async () => {
    const dynamodb = await startBenchDatabase();
    try {
      await body(dynamodb.endpoint);
    } finally {
      await dynamodb.stop();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
