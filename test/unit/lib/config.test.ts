import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { ConfigError } from '../../../lib/errors';

const KEYS = '{"keys":[]}';

describe('loadConfig', () => {
  it('fills every setting with its default', () => {
    const config = loadConfig({ JWT_SIGNING_KEYS: KEYS });
    expect(config).toEqual({
      stage: 'local',
      tableName: 'auth-api-local',
      dynamodbEndpoint: undefined,
      region: 'us-east-1',
      dynamodbTimeoutMs: 1500,
      jwt: {
        signingKeys: KEYS,
        signingKeysParameter: undefined,
        issuer: 'http://localhost:3000',
        audience: 'auth-api',
        accessLifetimeSeconds: 300,
        refreshLifetimeSeconds: 86_400,
        rotateRefreshTokens: false,
        reuseGraceSeconds: 10,
      },
      bcryptCost: 10,
      files: { bucket: 'auth-api-local-profile-images', s3Endpoint: undefined, publicBaseUrl: undefined },
      loginThrottle: {
        maxFailures: 5,
        ipMaxFailures: 100,
        accountMaxFailures: 50,
        accountLockSeconds: 60,
        trustedAddressDays: 30,
        windowSeconds: 900,
        baseLockSeconds: 30,
        maxLockSeconds: 900,
      },
      registerThrottle: { maxAttempts: 20, windowSeconds: 3600 },
      mail: { from: 'no-reply@example.com', serviceName: 'Auth API', sesEndpoint: undefined },
      passwordReset: { url: undefined, timeoutSeconds: 3600, emailMaxPerHour: 3, ipMaxPerHour: 30 },
      emailVerification: { mode: 'optional', timeoutSeconds: 259_200 },
      passwordChangeMaxAttempts: 10,
      securityLogRetentionDays: 90,
      logLevel: 'info',
      metricsEnabled: true,
    });
  });

  it('takes the email verification mode and timeout, and refuses a mode allauth does not have', () => {
    const config = loadConfig({
      JWT_SIGNING_KEYS: KEYS,
      ACCOUNT_EMAIL_VERIFICATION: 'mandatory',
      EMAIL_VERIFICATION_TIMEOUT_SECONDS: '600',
    });
    expect(config.emailVerification).toEqual({ mode: 'mandatory', timeoutSeconds: 600 });
    expect(() => loadConfig({ JWT_SIGNING_KEYS: KEYS, ACCOUNT_EMAIL_VERIFICATION: 'required' })).toThrow(
      /ACCOUNT_EMAIL_VERIFICATION must be one of none, optional, mandatory/,
    );
    expect(() => loadConfig({ JWT_SIGNING_KEYS: KEYS, EMAIL_VERIFICATION_TIMEOUT_SECONDS: '10' })).toThrow(
      /EMAIL_VERIFICATION_TIMEOUT_SECONDS/,
    );
  });

  it('takes the password reset settings, and refuses a reset URL without {uid} and {token} or that is not http(s)', () => {
    const config = loadConfig({
      JWT_SIGNING_KEYS: KEYS,
      PASSWORD_RESET_URL: 'https://app.example.com/reset/{uid}/{token}',
      PASSWORD_RESET_TIMEOUT_SECONDS: '900',
      PASSWORD_RESET_EMAIL_MAX_PER_HOUR: '5',
      MAIL_FROM: 'Acme <no-reply@acme.test>',
    });
    expect(config.passwordReset).toMatchObject({
      url: 'https://app.example.com/reset/{uid}/{token}',
      timeoutSeconds: 900,
      emailMaxPerHour: 5,
    });
    expect(config.mail.from).toBe('Acme <no-reply@acme.test>');
    for (const url of ['https://app.example.com/reset/{uid}', 'javascript:alert(1)//{uid}{token}']) {
      expect(() => loadConfig({ JWT_SIGNING_KEYS: KEYS, PASSWORD_RESET_URL: url })).toThrow(/PASSWORD_RESET_URL must be an http\(s\) URL/);
    }
  });

  it('takes overrides from the environment', () => {
    const config = loadConfig({
      JWT_SIGNING_KEYS: KEYS,
      TABLE_NAME: 't',
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      ACCESS_TOKEN_LIFETIME_SECONDS: '60',
      REFRESH_TOKEN_LIFETIME_SECONDS: '3600',
      BCRYPT_COST: '12',
      JWT_ISSUER: 'https://auth.example.com',
      LOG_LEVEL: 'debug',
      ROTATE_REFRESH_TOKENS: 'true',
      REFRESH_REUSE_GRACE_SECONDS: '2',
      JWT_AUDIENCE: 'mobile',
    });
    expect(config).toMatchObject({
      tableName: 't',
      dynamodbEndpoint: 'http://localhost:8000',
      jwt: {
        issuer: 'https://auth.example.com',
        audience: 'mobile',
        accessLifetimeSeconds: 60,
        refreshLifetimeSeconds: 3600,
        rotateRefreshTokens: true,
        reuseGraceSeconds: 2,
      },
      bcryptCost: 12,
      logLevel: 'debug',
    });
  });

  it('takes the brute-force and registration limits from the environment', () => {
    const config = loadConfig({
      JWT_SIGNING_KEYS: KEYS,
      LOGIN_MAX_FAILURES: '3',
      LOGIN_IP_MAX_FAILURES: '40',
      LOGIN_ACCOUNT_MAX_FAILURES: '20',
      LOGIN_ACCOUNT_LOCK_SECONDS: '30',
      LOGIN_FAILURE_WINDOW_SECONDS: '600',
      LOGIN_LOCK_BASE_SECONDS: '10',
      LOGIN_LOCK_MAX_SECONDS: '300',
      REGISTER_IP_MAX_ATTEMPTS: '5',
      REGISTER_IP_WINDOW_SECONDS: '60',
      DYNAMODB_TIMEOUT_MS: '800',
    });
    expect(config).toMatchObject({
      dynamodbTimeoutMs: 800,
      loginThrottle: {
        maxFailures: 3,
        ipMaxFailures: 40,
        accountMaxFailures: 20,
        accountLockSeconds: 30,
        windowSeconds: 600,
        baseLockSeconds: 10,
        maxLockSeconds: 300,
      },
      registerThrottle: { maxAttempts: 5, windowSeconds: 60 },
    });
  });

  it('refuses a first lock longer than the longest', () => {
    expect(() => loadConfig({ JWT_SIGNING_KEYS: KEYS, LOGIN_LOCK_BASE_SECONDS: '600', LOGIN_LOCK_MAX_SECONDS: '60' })).toThrow(
      /LOGIN_LOCK_BASE_SECONDS must not exceed/,
    );
  });

  it('accepts an SSM parameter name instead of inline keys', () => {
    expect(loadConfig({ JWT_SIGNING_KEYS_PARAMETER: '/auth-api/prod/signing-keys' }).jwt).toMatchObject({
      signingKeys: undefined,
      signingKeysParameter: '/auth-api/prod/signing-keys',
    });
  });

  it('refuses bad values, naming every problem at once', () => {
    const attempt = () =>
      loadConfig({ BCRYPT_COST: '3', ACCESS_TOKEN_LIFETIME_SECONDS: 'soon', LOG_LEVEL: 'loud', ROTATE_REFRESH_TOKENS: 'yes' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['JWT_SIGNING_KEYS', 'BCRYPT_COST', 'ACCESS_TOKEN_LIFETIME_SECONDS', 'LOG_LEVEL', 'ROTATE_REFRESH_TOKENS']) {
        expect(message).toContain(name);
      }
    }
  });
});

describe('profile image settings', () => {
  it('serve images under PROFILE_IMAGE_BASE_URL without its trailing slashes', () => {
    const config = loadConfig({
      JWT_SIGNING_KEYS: KEYS,
      PROFILE_IMAGE_BASE_URL: 'https://img.example.com//',
      PROFILE_IMAGE_BUCKET: 'b',
    });
    expect(config.files).toEqual({ bucket: 'b', s3Endpoint: undefined, publicBaseUrl: 'https://img.example.com' });
  });
});
