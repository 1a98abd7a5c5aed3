import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { ConfigError } from '../../lib/errors';

const KEYS = '{"keys":[]}';

describe('loadConfig', () => {
  it('fills every setting with its default', () => {
    const config = loadConfig({ JWT_SIGNING_KEYS: KEYS });
    expect(config).toEqual({
      stage: 'local',
      tableName: 'auth-api-local',
      dynamodbEndpoint: undefined,
      region: 'us-east-1',
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
      loginThrottle: { accountMaxFailures: 5, ipMaxFailures: 100, windowSeconds: 900, baseLockSeconds: 30, maxLockSeconds: 900 },
      logLevel: 'info',
    });
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
