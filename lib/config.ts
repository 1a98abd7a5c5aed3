// Every setting of the service: defaults, environment overrides, validated once at cold start.
// This is the only module that reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors';

export interface Config {
  /** The deployment stage (serverless.yml sets it), in every log line. */
  stage: string;
  tableName: string;
  /** Unset on AWS; points at DynamoDB Local (or any other endpoint) when developing. */
  dynamodbEndpoint: string | undefined;
  region: string;
  /** How long one DynamoDB request may take before it fails (and is tried once more). */
  dynamodbTimeoutMs: number;
  jwt: {
    /** A JWKS of RSA keys; the first (private) key signs, every key verifies. Local stacks and tests. */
    signingKeys: string | undefined;
    /** Deployed stages: the SSM SecureString parameter holding that JWKS, read at cold start. */
    signingKeysParameter: string | undefined;
    issuer: string;
    /** The `aud` of every token; API Gateway's JWT authorizer requires one. */
    audience: string;
    accessLifetimeSeconds: number;
    refreshLifetimeSeconds: number;
    /** simplejwt's ROTATE_REFRESH_TOKENS: refresh also returns a new refresh token. */
    rotateRefreshTokens: boolean;
    /** How long a superseded refresh token may still be presented before it counts as reuse. */
    reuseGraceSeconds: number;
  };
  bcryptCost: number;
  /** Brute-force protection for login (see docs/security.md). */
  loginThrottle: {
    /** Consecutive failures of one account from one source address before that pair is locked. */
    maxFailures: number;
    /** Failures per source address (all accounts) before that address is locked: password spraying. */
    ipMaxFailures: number;
    /** Failures per account from all addresses (distributed guessing): a looser limit, a short flat lock. */
    accountMaxFailures: number;
    accountLockSeconds: number;
    /** Failures are forgotten after this long without one (counted from the end of any lock). */
    windowSeconds: number;
    /** The first lock of a pair or an address; each further failure doubles it, up to maxLockSeconds. */
    baseLockSeconds: number;
    maxLockSeconds: number;
  };
  /** Registrations per source address and window (each costs a password hash and a pk). */
  registerThrottle: {
    maxAttempts: number;
    windowSeconds: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

type Env = Record<string, string | undefined>;

/** The table of the `local` stage (serverless.yml names tables `auth-api-<stage>`). */
export const DEFAULT_TABLE_NAME = 'auth-api-local';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Under `serverless offline` or `serverless invoke local` (IS_OFFLINE / IS_LOCAL are set by
 * those tools, never on AWS) the local stack file written by `npm start` says where DynamoDB
 * Local is and which key signs. It wins over the stage's environment so that
 * `serverless invoke local` without flags reaches the running local stack.
 */
function localStackOverrides(env: Env): Env {
  if (env.IS_OFFLINE !== 'true' && env.IS_LOCAL !== 'true') return {};
  const file = env.LOCAL_STACK_FILE ? resolve(env.LOCAL_STACK_FILE) : join(serviceRoot(), '.local/stack.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Env;
  } catch {
    throw new ConfigError([`no local stack at ${file}: start it with "npm start" first`]);
  }
}

/** `serverless invoke local` runs bundles from .esbuild/.build: walk up to serverless.yml. */
function serviceRoot(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'serverless.yml'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export function loadConfig(baseEnv: Env = process.env): Config {
  const env: Env = { ...baseEnv, ...localStackOverrides(baseEnv) };
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name} must be "true" or "false", got "${raw}"`);
    return fallback;
  };
  const text = (name: string, fallback: string): string => {
    const raw = env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  };

  const signingKeys = env.JWT_SIGNING_KEYS || undefined;
  const signingKeysParameter = env.JWT_SIGNING_KEYS_PARAMETER || undefined;
  if (!signingKeys && !signingKeysParameter) {
    problems.push('JWT_SIGNING_KEYS (a JWKS) or JWT_SIGNING_KEYS_PARAMETER (an SSM parameter holding one) is required');
  }

  const logLevel = text('LOG_LEVEL', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const config: Config = {
    stage: text('STAGE', 'local'),
    tableName: text('TABLE_NAME', DEFAULT_TABLE_NAME),
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: text('AWS_REGION', 'us-east-1'),
    dynamodbTimeoutMs: integer('DYNAMODB_TIMEOUT_MS', 1500, 100, 10_000),
    jwt: {
      signingKeys,
      signingKeysParameter,
      issuer: text('JWT_ISSUER', 'http://localhost:3000'),
      audience: text('JWT_AUDIENCE', 'auth-api'),
      accessLifetimeSeconds: integer('ACCESS_TOKEN_LIFETIME_SECONDS', 300, 1, 86_400),
      refreshLifetimeSeconds: integer('REFRESH_TOKEN_LIFETIME_SECONDS', 86_400, 1, 31_536_000),
      rotateRefreshTokens: boolean('ROTATE_REFRESH_TOKENS', false),
      // Supabase's default: long enough for a retry or a second tab, short enough to matter.
      reuseGraceSeconds: integer('REFRESH_REUSE_GRACE_SECONDS', 10, 0, 3600),
    },
    // OWASP's floor for bcrypt is 10; 4 is allowed only so tests can run fast.
    bcryptCost: integer('BCRYPT_COST', 10, 4, 15),
    loginThrottle: {
      maxFailures: integer('LOGIN_MAX_FAILURES', 5, 1, 1000),
      // Generous: a busy office behind one address should never notice it.
      ipMaxFailures: integer('LOGIN_IP_MAX_FAILURES', 100, 1, 100_000),
      // Loose and short, so that guessers everywhere cannot keep the owner out for long.
      accountMaxFailures: integer('LOGIN_ACCOUNT_MAX_FAILURES', 50, 1, 100_000),
      accountLockSeconds: integer('LOGIN_ACCOUNT_LOCK_SECONDS', 60, 1, 3600),
      windowSeconds: integer('LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 86_400),
      baseLockSeconds: integer('LOGIN_LOCK_BASE_SECONDS', 30, 1, 86_400),
      maxLockSeconds: integer('LOGIN_LOCK_MAX_SECONDS', 900, 1, 86_400),
    },
    registerThrottle: {
      maxAttempts: integer('REGISTER_IP_MAX_ATTEMPTS', 20, 1, 1_000_000),
      windowSeconds: integer('REGISTER_IP_WINDOW_SECONDS', 3600, 1, 86_400),
    },
    logLevel: logLevel as Config['logLevel'],
  };

  if (config.loginThrottle.baseLockSeconds > config.loginThrottle.maxLockSeconds) {
    problems.push('LOGIN_LOCK_BASE_SECONDS must not exceed LOGIN_LOCK_MAX_SECONDS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

let cached: Config | undefined;

/** The process-wide configuration, loaded and validated on first use (cold start). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Tests only: forget the cached configuration so the next call re-reads the environment. */
export function resetConfig(): void {
  cached = undefined;
}
