// The error vocabulary: one base class, stable codes, and a message a client may see, kept apart
// from the reason (internal, for the log only). lib/http maps codes to HTTP responses.

export const ErrorCode = {
  BadRequest: 'ERR_BAD_REQUEST',
  Validation: 'ERR_VALIDATION',
  PayloadTooLarge: 'ERR_PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  InvalidCredentials: 'ERR_INVALID_CREDENTIALS',
  EmailNotVerified: 'ERR_EMAIL_NOT_VERIFIED',
  TooManyAttempts: 'ERR_TOO_MANY_ATTEMPTS',
  RateLimited: 'ERR_RATE_LIMITED',
  NotAuthenticated: 'ERR_NOT_AUTHENTICATED',
  TokenInvalid: 'ERR_TOKEN_INVALID',
  TokenExpired: 'ERR_TOKEN_EXPIRED',
  NotFound: 'ERR_NOT_FOUND',
  Unavailable: 'ERR_UNAVAILABLE',
  Config: 'ERR_CONFIG',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type FieldErrors = Record<string, string[]>;

export interface ErrorOptions {
  /** What went wrong, for the log; never shown to a client. Defaults to the public message. */
  reason?: string;
  cause?: unknown;
}

export class AuthError extends Error {
  readonly code: ErrorCode;
  /** The only text of this error a client ever sees. */
  readonly publicMessage: string;
  /** Response headers this error needs (e.g. Retry-After), merged by lib/http. */
  readonly headers: Record<string, string> = {};

  constructor(code: ErrorCode, publicMessage: string, options: ErrorOptions = {}) {
    // `message` is the internal reason: what logs and stack traces show.
    super(options.reason ?? publicMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.publicMessage = publicMessage;
    this.name = new.target.name;
  }
}

/** The body was not a JSON object, or a field had the wrong type. */
export class BadRequest extends AuthError {
  constructor(message: string) {
    super(ErrorCode.BadRequest, message);
  }
}

/** One or more fields failed validation; `fields` lists every message per field. */
export class ValidationFailed extends AuthError {
  readonly fields: FieldErrors;

  /** `summary` defaults to the first field's first message, prefixed by the field's name. */
  constructor(fields: FieldErrors, summary?: string, options?: ErrorOptions) {
    const [field, messages] = Object.entries(fields)[0] ?? ['body', ['Invalid input.']];
    super(ErrorCode.Validation, summary ?? `${field}: ${messages[0]}`, options);
    this.fields = fields;
  }
}

export class PayloadTooLarge extends AuthError {
  constructor(limitBytes: number) {
    super(ErrorCode.PayloadTooLarge, `Request body must not exceed ${limitBytes} bytes.`);
  }
}

/** Only JSON is accepted: this also stops login CSRF through HTML forms and text/plain posts. */
export class UnsupportedMediaType extends AuthError {
  constructor() {
    super(ErrorCode.UnsupportedMediaType, 'Unsupported media type: send Content-Type: application/json.');
  }
}

/** Wrong password, unknown user and inactive user are deliberately one error. */
export class InvalidCredentials extends AuthError {
  constructor(options?: ErrorOptions) {
    super(ErrorCode.InvalidCredentials, 'No active account found with the given credentials', options);
  }
}

/**
 * ACCOUNT_EMAIL_VERIFICATION=mandatory: the password was right, but the address is not proven yet
 * (dj-rest-auth's wording). Said only after the password is proven, so it reveals nothing to a guesser.
 */
export class EmailNotVerified extends AuthError {
  constructor() {
    super(ErrorCode.EmailNotVerified, 'E-mail is not verified.');
  }
}

/** Login is locked for this account or source address for a while; it unlocks by itself. */
export class TooManyAttempts extends AuthError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.TooManyAttempts, `Too many failed login attempts. Try again in ${retryAfterSeconds} seconds.`);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** A per-client rate limit refused the request (DRF's throttling, in its wording); it passes by itself. */
export class RateLimited extends AuthError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RateLimited, `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/** A protected route was called without `Authorization: Bearer <access token>`. */
export class NotAuthenticated extends AuthError {
  constructor() {
    super(ErrorCode.NotAuthenticated, 'Authentication credentials were not provided.');
  }
}

/** Any token that must not be accepted: bad signature, wrong type, revoked, unknown. The reason is logged only. */
export class TokenInvalid extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(ErrorCode.TokenInvalid, 'Token is invalid or expired', { reason, cause: options?.cause });
  }
}

/** Nothing of the caller's at that address: another user's resource is answered the same, never 403. */
export class NotFound extends AuthError {
  constructor(reason: string) {
    super(ErrorCode.NotFound, 'Not found.', { reason });
  }
}

export class TokenExpired extends AuthError {
  constructor(options?: { cause?: unknown }) {
    super(ErrorCode.TokenExpired, 'Token is invalid or expired', { reason: 'token has expired', cause: options?.cause });
  }
}

/** A dependency is busy or failing; nothing was issued, and the client may retry. The reason is logged only. */
export class ServiceUnavailable extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(ErrorCode.Unavailable, 'Service temporarily unavailable, please retry.', { reason, cause: options?.cause });
  }
}

/** The function's settings are invalid: every problem in the log, a bare 500 to the client. */
export class ConfigError extends AuthError {
  constructor(problems: string[]) {
    super(ErrorCode.Config, 'Internal server error', { reason: `Invalid configuration: ${problems.join('; ')}` });
  }
}

export const DUPLICATE_MESSAGES = {
  username: 'A user with that username already exists.',
  email: 'A user with that email already exists.',
} as const;

/** Registration lost a uniqueness race (or simply came second): Django's wording, as field errors. */
export class UserExists extends ValidationFailed {
  constructor(taken: readonly ('username' | 'email')[]) {
    const fields: FieldErrors = {};
    for (const field of taken) fields[field] = [DUPLICATE_MESSAGES[field]];
    super(fields);
  }
}
