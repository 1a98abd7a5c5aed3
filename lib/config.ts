// Every setting of the service: defaults, environment overrides, validated once at cold start.
// This is the only module that reads process.env.
import { ConfigError } from './errors';

export interface Config {
  /** The deployment stage (serverless.yml sets it), in every log line. */
  stage: string;
  tableName: string;
  /** Unset on AWS; points at DynamoDB Local (or any other endpoint) when developing. */
  dynamodbEndpoint: string | undefined;
  region: string;
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
    /** Consecutive failures per account before it is locked. */
    accountMaxFailures: number;
    /** Failures per source IP (all accounts) before that IP is locked: password spraying. */
    ipMaxFailures: number;
    /** Failures are forgotten after this long without one (counted from the end of any lock). */
    windowSeconds: number;
    /** The first lock; each further failure doubles it, up to maxLockSeconds. */
    baseLockSeconds: number;
    maxLockSeconds: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

type Env = Record<string, string | undefined>;

/** The table of the `local` stage (serverless.yml names tables `auth-api-<stage>`). */
export const DEFAULT_TABLE_NAME = 'auth-api-local';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function loadConfig(env: Env = process.env): Config {
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
      accountMaxFailures: integer('LOGIN_MAX_FAILURES', 5, 1, 1000),
      // Generous: a busy office behind one address should never notice it.
      ipMaxFailures: integer('LOGIN_IP_MAX_FAILURES', 100, 1, 100_000),
      windowSeconds: integer('LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 86_400),
      baseLockSeconds: integer('LOGIN_LOCK_BASE_SECONDS', 30, 1, 86_400),
      maxLockSeconds: integer('LOGIN_LOCK_MAX_SECONDS', 900, 1, 86_400),
    },
    logLevel: logLevel as Config['logLevel'],
  };

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
