// Issues token pairs: for a new session (login, registration) or within one (rotation). A pair is
// planned (claims and records) first, signed while its records are written, and handed out only
// once the write has committed.
import type { RefreshTokenRecord } from '../domain/session';
import { ACCESS, REFRESH, type Tokens, type TokenSubject } from '../tokens';
import { newSessionId } from './session-id';

export interface TokenPair {
  refresh: string;
  access: string;
}

export interface PlannedPair {
  /** What the store keeps of the refresh token. */
  record: RefreshTokenRecord;
  sign(): Promise<TokenPair>;
}

export function planTokenPair(tokens: Tokens, subject: TokenSubject): PlannedPair {
  const refresh = tokens.claims(REFRESH, subject);
  const access = tokens.claims(ACCESS, subject);
  const { jti, iat, exp } = refresh;
  return {
    record: { jti, user_id: subject.userId, sid: subject.sid, issued_at: iat, expires_at: exp },
    sign: async () => {
      const [refreshToken, accessToken] = await Promise.all([tokens.sign(refresh), tokens.sign(access)]);
      return { refresh: refreshToken, access: accessToken };
    },
  };
}

/** The first pair of a new session (token family): its refresh token's record is the session's only item until the family changes. */
export function planSession(tokens: Tokens, userId: number): PlannedPair {
  return planTokenPair(tokens, { userId, sid: newSessionId(Date.now()) });
}

/**
 * Signs while `store` writes the pair's records (RSA signing is CPU, the write is I/O), and
 * returns the pair only if the write committed: a failed write never hands out a token it could
 * not later refresh or revoke.
 */
export async function issueOnceStored(pair: PlannedPair, store: () => Promise<void>): Promise<TokenPair> {
  const stored = store();
  const signed = pair.sign();
  // If the write fails first, its error is the one reported; a signing failure is not lost either.
  signed.catch(() => undefined);
  await stored;
  return signed;
}
