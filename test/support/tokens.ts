// Builds tokens in-process with the stack's own key, for cases the API will not hand out.
import { vi } from 'vitest';
import { newSessionId } from '../../lib/auth/session-id';
import { planSession } from '../../lib/auth/token-pair';
import type { TokenKind } from '../../lib/tokens';
import { testContext } from './context';

/** A refresh token, recorded in the table with its session, that expired an hour ago. */
export async function expiredRefreshToken(userId: number): Promise<string> {
  const ctx = testContext();
  const lifetime = ctx.config.jwt.refreshLifetimeSeconds;
  vi.useFakeTimers({ now: Date.now() - (lifetime + 3600) * 1000, toFake: ['Date'] });
  try {
    const pair = planSession(ctx.tokens, userId);
    await ctx.store.sessions.startSession(pair.record);
    return (await pair.sign()).refresh;
  } finally {
    vi.useRealTimers();
  }
}

/** A correctly signed token of `kind` for which no record or session was ever stored. */
export async function unrecordedToken(kind: TokenKind, userId: number): Promise<string> {
  return (await testContext().tokens.signNew(kind, { userId, sid: newSessionId() })).token;
}
