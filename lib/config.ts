// Every setting of the service: one table of variables with their defaults and rules, read and
// validated once at cold start. This is the only module that reads process.env.
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
    /**
     * Epoch ms: until then refresh and logout also accept the replaced backend's simplejwt refresh
     * tokens (HS256 with its key, kept in the key set). Undefined: never (the default).
     */
    legacySimplejwtUntilMs: number | undefined;
  };
  bcryptCost: number;
  /** Profile images (docs/security.md, "Profile images"). */
  files: {
    /** This stage's private bucket. */
    bucket: string;
    /** Unset on AWS; the local S3-compatible server when developing. */
    s3Endpoint: string | undefined;
    /** Where images are served from (a CDN in front of the bucket); unset: a presigned GET per request. */
    publicBaseUrl: string | undefined;
  };
  /** Brute-force protection for login (see docs/security.md). */
  loginThrottle: {
    /** Consecutive failures of one account from one source address before that pair is locked. */
    maxFailures: number;
    /** Failures per source address (all accounts) before that address is locked: password spraying. */
    ipMaxFailures: number;
    /** Failures per account from all addresses (distributed guessing): a looser limit, a short flat lock. */
    accountMaxFailures: number;
    accountLockSeconds: number;
    /** How long a successful login's address stays exempt from the account-wide lock (0: never). */
    trustedAddressDays: number;
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
  /** Outgoing mail (lib/mail): who sends it and how the service names itself in it. */
  mail: {
    from: string;
    serviceName: string;
    /** Unset on AWS; the local SES emulator when developing. */
    sesEndpoint: string | undefined;
  };
  passwordReset: {
    /** An app's own reset page, a template with {uid} and {token}; unset: our page, /account/reset/. */
    url: string | undefined;
    timeoutSeconds: number;
    /** Reset emails per address and hour: a flood of requests cannot flood a victim's inbox. */
    emailMaxPerHour: number;
    /** Reset requests per source address and hour (all addresses asked for). */
    ipMaxPerHour: number;
  };
  /** Proven addresses (allauth's ACCOUNT_EMAIL_VERIFICATION; docs/security.md, "Email verification"). */
  emailVerification: {
    /** `none`: no mail; `optional`: mail, login either way; `mandatory`: no login until verified. */
    mode: EmailVerificationMode;
    timeoutSeconds: number;
  };
  /** Password changes per account and hour (each is a password guess with a stolen access token). */
  passwordChangeMaxAttempts: number;
  /** Days an account's security events are kept (their items' TTL). */
  securityLogRetentionDays: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Whether the metrics documents are written (off in local stacks unless LOG_LEVEL=debug). */
  metricsEnabled: boolean;
}

export type EmailVerificationMode = 'none' | 'optional' | 'mandatory';

type Env = Record<string, string | undefined>;
type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Where a setting comes from on AWS: a per-stage parameter in serverless.yml's environment
 * (`stage`), or never (`local`: local stacks and tests only; `runtime`: set by Lambda itself).
 */
export type SettingScope = 'stage' | 'local' | 'runtime';

export interface Setting<T, D extends T | undefined = T | undefined> {
  scope: SettingScope;
  /** Used when the variable is unset or empty; undefined when the setting has none. */
  default: D;
  parse(raw: string): Parsed<T>;
}

const integer =
  (min: number, max: number) =>
  (raw: string): Parsed<number> => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, problem: `must be an integer from ${min} to ${max}, got "${raw}"` };
  };
const boolean = (raw: string): Parsed<boolean> =>
  raw === 'true' || raw === 'false'
    ? { ok: true, value: raw === 'true' }
    : { ok: false, problem: `must be "true" or "false", got "${raw}"` };
const text = (raw: string): Parsed<string> => ({ ok: true, value: raw });
/** An ISO 8601 instant with its offset (`2027-01-31T00:00:00Z`): a moment, never a local time. */
const instant = (raw: string): Parsed<number> => {
  const ms = Date.parse(raw);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) && !Number.isNaN(ms)
    ? { ok: true, value: ms }
    : { ok: false, problem: `must be an ISO 8601 instant with its offset (2027-01-31T00:00:00Z), got "${raw}"` };
};
const resetUrlTemplate = (raw: string): Parsed<string> =>
  /^https?:\/\//.test(raw) && raw.includes('{uid}') && raw.includes('{token}')
    ? { ok: true, value: raw }
    : { ok: false, problem: `must be an http(s) URL containing {uid} and {token}, got "${raw}"` };
const oneOf =
  <const V extends string>(...values: V[]) =>
  (raw: string): Parsed<V> =>
    (values as string[]).includes(raw)
      ? { ok: true, value: raw as V }
      : { ok: false, problem: `must be one of ${values.join(', ')}, got "${raw}"` };

const setting = <T, D extends T>(scope: SettingScope, fallback: D, parse: (raw: string) => Parsed<T>): Setting<T, D> => ({
  scope,
  default: fallback,
  parse,
});
const optional = <T>(scope: SettingScope, parse: (raw: string) => Parsed<T>): Setting<T, undefined> => ({
  scope,
  default: undefined,
  parse,
});

/** The table of the `local` stage (serverless.yml names tables `auth-api-<stage>`). */
export const DEFAULT_TABLE_NAME = 'auth-api-local';

/** The profile-image bucket of the `local` stage (its S3 server is s3rver). */
export const DEFAULT_PROFILE_IMAGE_BUCKET = 'auth-api-local-profile-images';

/**
 * Every variable the service reads. The README's configuration table and serverless.yml's
 * environment are checked against this list (test/unit/docs/settings.test.ts).
 */
export const SETTINGS = {
  STAGE: setting('stage', 'local', text),
  TABLE_NAME: setting('stage', DEFAULT_TABLE_NAME, text),
  DYNAMODB_ENDPOINT: optional('local', text),
  AWS_REGION: setting('runtime', 'us-east-1', text),
  DYNAMODB_TIMEOUT_MS: setting('stage', 1500, integer(100, 10_000)),
  JWT_SIGNING_KEYS: optional('local', text),
  JWT_SIGNING_KEYS_PARAMETER: optional('stage', text),
  JWT_ISSUER: setting('stage', 'http://localhost:3000', text),
  JWT_AUDIENCE: setting('stage', 'auth-api', text),
  ACCESS_TOKEN_LIFETIME_SECONDS: setting('stage', 300, integer(1, 86_400)),
  REFRESH_TOKEN_LIFETIME_SECONDS: setting('stage', 86_400, integer(1, 31_536_000)),
  ROTATE_REFRESH_TOKENS: setting('stage', false, boolean),
  // Supabase's default: long enough for a retry or a second tab, short enough to matter.
  REFRESH_REUSE_GRACE_SECONDS: setting('stage', 10, integer(0, 3600)),
  // The cut-over's window for the old backend's refresh tokens (docs/migrate-from-django.md); its key is in the key set, never here.
  LEGACY_SIMPLEJWT_UNTIL: optional('stage', instant),
  // OWASP's floor for bcrypt is 10; 4 is allowed only so tests can run fast.
  BCRYPT_COST: setting('stage', 10, integer(4, 15)),
  LOGIN_MAX_FAILURES: setting('stage', 5, integer(1, 1000)),
  // Generous: a busy office behind one address should never notice it.
  LOGIN_IP_MAX_FAILURES: setting('stage', 100, integer(1, 100_000)),
  // Loose and short, so that guessers everywhere cannot keep the owner out for long.
  LOGIN_ACCOUNT_MAX_FAILURES: setting('stage', 50, integer(1, 100_000)),
  LOGIN_ACCOUNT_LOCK_SECONDS: setting('stage', 60, integer(1, 3600)),
  // An owner whose usual address is known keeps logging in while guessers elsewhere hold the account-wide lock.
  LOGIN_TRUSTED_ADDRESS_DAYS: setting('stage', 30, integer(0, 365)),
  LOGIN_FAILURE_WINDOW_SECONDS: setting('stage', 900, integer(1, 86_400)),
  LOGIN_LOCK_BASE_SECONDS: setting('stage', 30, integer(1, 86_400)),
  LOGIN_LOCK_MAX_SECONDS: setting('stage', 900, integer(1, 86_400)),
  REGISTER_IP_MAX_ATTEMPTS: setting('stage', 20, integer(1, 1_000_000)),
  REGISTER_IP_WINDOW_SECONDS: setting('stage', 3600, integer(1, 86_400)),
  // The sender must be an identity verified in SES (docs/deploy.md).
  MAIL_FROM: setting('stage', 'no-reply@example.com', text),
  SERVICE_NAME: setting('stage', 'Auth API', text),
  SES_ENDPOINT: optional('local', text),
  PASSWORD_RESET_URL: optional('stage', resetUrlTemplate),
  // Django's PASSWORD_RESET_TIMEOUT is 3 days; an hour is what Cognito, Auth0 and Supabase use.
  PASSWORD_RESET_TIMEOUT_SECONDS: setting('stage', 3600, integer(60, 604_800)),
  PASSWORD_RESET_EMAIL_MAX_PER_HOUR: setting('stage', 3, integer(1, 100)),
  PASSWORD_RESET_IP_MAX_PER_HOUR: setting('stage', 30, integer(1, 1_000_000)),
  PASSWORD_CHANGE_MAX_ATTEMPTS: setting('stage', 10, integer(1, 1000)),
  // allauth's default is optional: mail is sent, and the seed's clients log in as before.
  ACCOUNT_EMAIL_VERIFICATION: setting<EmailVerificationMode, 'optional'>('stage', 'optional', oneOf('none', 'optional', 'mandatory')),
  // allauth's EMAIL_CONFIRMATION_EXPIRE_DAYS is 3 days.
  EMAIL_VERIFICATION_TIMEOUT_SECONDS: setting('stage', 259_200, integer(60, 2_592_000)),
  SECURITY_LOG_RETENTION_DAYS: setting('stage', 90, integer(1, 3650)),
  LOG_LEVEL: setting('stage', 'info', oneOf('debug', 'info', 'warn', 'error')),
  METRICS_ENABLED: setting('local', true, boolean),
  PROFILE_IMAGE_BUCKET: setting('stage', DEFAULT_PROFILE_IMAGE_BUCKET, text),
  PROFILE_IMAGE_BASE_URL: optional('stage', text),
  S3_ENDPOINT: optional('local', text),
} as const;

type ValueOf<S> = S extends Setting<infer T, infer D> ? (undefined extends D ? T | undefined : T) : never;
type Values = { [K in keyof typeof SETTINGS]: ValueOf<(typeof SETTINGS)[K]> };

/** Every setting's value (its default when unset or empty), and every problem found. */
function readSettings(env: Env): { values: Values; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[name];
    values[name] = spec.default;
    if (raw === undefined || raw === '') continue;
    const parsed = spec.parse(raw);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push(`${name} ${parsed.problem}`);
  }
  return { values: values as Values, problems };
}

export function loadConfig(env: Env = process.env): Config {
  const { values: v, problems } = readSettings(env);
  if (!v.JWT_SIGNING_KEYS && !v.JWT_SIGNING_KEYS_PARAMETER) {
    problems.push('JWT_SIGNING_KEYS (a JWKS) or JWT_SIGNING_KEYS_PARAMETER (an SSM parameter holding one) is required');
  }
  if (v.LOGIN_LOCK_BASE_SECONDS > v.LOGIN_LOCK_MAX_SECONDS) problems.push('LOGIN_LOCK_BASE_SECONDS must not exceed LOGIN_LOCK_MAX_SECONDS');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    stage: v.STAGE,
    tableName: v.TABLE_NAME,
    dynamodbEndpoint: v.DYNAMODB_ENDPOINT,
    region: v.AWS_REGION,
    dynamodbTimeoutMs: v.DYNAMODB_TIMEOUT_MS,
    jwt: {
      signingKeys: v.JWT_SIGNING_KEYS,
      signingKeysParameter: v.JWT_SIGNING_KEYS_PARAMETER,
      issuer: v.JWT_ISSUER,
      audience: v.JWT_AUDIENCE,
      accessLifetimeSeconds: v.ACCESS_TOKEN_LIFETIME_SECONDS,
      refreshLifetimeSeconds: v.REFRESH_TOKEN_LIFETIME_SECONDS,
      rotateRefreshTokens: v.ROTATE_REFRESH_TOKENS,
      reuseGraceSeconds: v.REFRESH_REUSE_GRACE_SECONDS,
      legacySimplejwtUntilMs: v.LEGACY_SIMPLEJWT_UNTIL,
    },
    bcryptCost: v.BCRYPT_COST,
    files: { bucket: v.PROFILE_IMAGE_BUCKET, s3Endpoint: v.S3_ENDPOINT, publicBaseUrl: v.PROFILE_IMAGE_BASE_URL?.replace(/\/+$/, '') },
    loginThrottle: {
      maxFailures: v.LOGIN_MAX_FAILURES,
      ipMaxFailures: v.LOGIN_IP_MAX_FAILURES,
      accountMaxFailures: v.LOGIN_ACCOUNT_MAX_FAILURES,
      accountLockSeconds: v.LOGIN_ACCOUNT_LOCK_SECONDS,
      trustedAddressDays: v.LOGIN_TRUSTED_ADDRESS_DAYS,
      windowSeconds: v.LOGIN_FAILURE_WINDOW_SECONDS,
      baseLockSeconds: v.LOGIN_LOCK_BASE_SECONDS,
      maxLockSeconds: v.LOGIN_LOCK_MAX_SECONDS,
    },
    registerThrottle: { maxAttempts: v.REGISTER_IP_MAX_ATTEMPTS, windowSeconds: v.REGISTER_IP_WINDOW_SECONDS },
    mail: { from: v.MAIL_FROM, serviceName: v.SERVICE_NAME, sesEndpoint: v.SES_ENDPOINT },
    passwordReset: {
      url: v.PASSWORD_RESET_URL,
      timeoutSeconds: v.PASSWORD_RESET_TIMEOUT_SECONDS,
      emailMaxPerHour: v.PASSWORD_RESET_EMAIL_MAX_PER_HOUR,
      ipMaxPerHour: v.PASSWORD_RESET_IP_MAX_PER_HOUR,
    },
    emailVerification: { mode: v.ACCOUNT_EMAIL_VERIFICATION, timeoutSeconds: v.EMAIL_VERIFICATION_TIMEOUT_SECONDS },
    passwordChangeMaxAttempts: v.PASSWORD_CHANGE_MAX_ATTEMPTS,
    securityLogRetentionDays: v.SECURITY_LOG_RETENTION_DAYS,
    logLevel: v.LOG_LEVEL,
    metricsEnabled: v.METRICS_ENABLED,
  };
}
