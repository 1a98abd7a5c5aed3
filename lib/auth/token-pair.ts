// Issues token pairs: for a new session (login, registration) or within one (rotation).
import type { Config } from '../config';
import type { RefreshTokenRecord } from '../store/refresh-tokens';
import type { SessionRecord } from '../store/sessions';
import { ACCESS, REFRESH, signToken, type TokenSubject } from '../tokens';
import { newSessionId } from './session-id';

export interface TokenPair {
  refresh: string;
  access: string;
}

export async function issueTokenPair(subject: TokenSubject, config: Config): Promise<{ tokens: TokenPair; record: RefreshTokenRecord }> {
  const [refresh, access] = await Promise.all([signToken(REFRESH, subject, config), signToken(ACCESS, subject, config)]);
  const { jti, iat, exp } = refresh.claims;
  return {
    tokens: { refresh: refresh.token, access: access.token },
    record: { jti, user_id: subject.userId, sid: subject.sid, issued_at: iat, expires_at: exp },
  };
}

/** A new session (token family) and its first pair, ready to be stored together. */
export async function openSession(userId: number, config: Config) {
  const nowMs = Date.now();
  const sid = newSessionId(nowMs);
  const { tokens, record } = await issueTokenPair({ userId, sid }, config);
  const session: SessionRecord = { sid, user_id: userId, created_ms: nowMs, expires_at: record.expires_at };
  return { tokens, record, session };
}
