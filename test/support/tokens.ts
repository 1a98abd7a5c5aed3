// Builds tokens in-process with the stack's own key, for cases the API will not hand out.
import { vi } from 'vitest';
import { config } from '../../lib/config';
import { saveRefreshToken } from '../../lib/store/refresh-tokens';
import { REFRESH, signToken, type TokenKind } from '../../lib/tokens';
import { useStackEnv } from './env';

/** A refresh token, recorded in the table, that expired an hour ago. */
export async function expiredRefreshToken(userId: number): Promise<string> {
  useStackEnv();
  const lifetime = config().jwt.refreshLifetimeSeconds;
  vi.useFakeTimers({ now: Date.now() - (lifetime + 3600) * 1000, toFake: ['Date'] });
  try {
    const { token, claims } = await signToken(REFRESH, userId, config());
    await saveRefreshToken({ jti: claims.jti, user_id: userId, issued_at: claims.iat, expires_at: claims.exp });
    return token;
  } finally {
    vi.useRealTimers();
  }
}

/** A correctly signed token of `kind` for which no record was ever stored. */
export async function unrecordedToken(kind: TokenKind, userId: number): Promise<string> {
  useStackEnv();
  return (await signToken(kind, userId, config())).token;
}
