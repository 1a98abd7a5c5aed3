// Builds tokens in-process with the stack's own key, for cases the API will not hand out.
import { vi } from 'vitest';
import { newSessionId } from '../../lib/auth/session-id';
import { planSession } from '../../lib/auth/token-pair';
import { config } from '../../lib/config';
import { startSession } from '../../lib/store/sessions';
import { signToken, type TokenKind } from '../../lib/tokens';
import { useStackEnv } from './env';

/** A refresh token, recorded in the table with its session, that expired an hour ago. */
export async function expiredRefreshToken(userId: number): Promise<string> {
  useStackEnv();
  const lifetime = config().jwt.refreshLifetimeSeconds;
  vi.useFakeTimers({ now: Date.now() - (lifetime + 3600) * 1000, toFake: ['Date'] });
  try {
    const pair = planSession(userId, config());
    await startSession(pair.record);
    return (await pair.sign()).refresh;
  } finally {
    vi.useRealTimers();
  }
}

/** A correctly signed token of `kind` for which no record or session was ever stored. */
export async function unrecordedToken(kind: TokenKind, userId: number): Promise<string> {
  useStackEnv();
  return (await signToken(kind, { userId, sid: newSessionId() }, config())).token;
}
