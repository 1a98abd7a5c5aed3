// Sessions (token families) and the refresh tokens issued in them, as the service keeps them.

/** Enough of an issued refresh token to sign it again, identically (RS256 is deterministic). */
export interface IssuedToken {
  jti: string;
  /** Epoch seconds. */
  issued_at: number;
  expires_at: number;
}

/** One issued refresh token: keyed by jti, in its session. */
export interface RefreshTokenRecord extends IssuedToken {
  user_id: number;
  sid: string;
  /** Epoch ms: when rotation replaced this token. */
  superseded_ms?: number;
  /** What that rotation issued in its place: presenting this token again within the grace window answers with the same successor. */
  successor?: IssuedToken;
  /** Epoch ms: when logout revoked it (or the Django import found it blacklisted). */
  revoked_ms?: number;
  /** Issued by the replaced simplejwt backend: recorded only once rotated, revoked or blacklisted. */
  legacy?: true;
}

/** What a session's record holds once its family has changed; until then the session is live and unchanged. */
export interface SessionRecord {
  sid: string;
  user_id: number;
  /** Epoch seconds: the newest refresh token's expiry. */
  expires_at: number;
  revoked_ms?: number;
  revoked_reason?: string;
  /** Where and when the session was last used (login, then each refresh): personal data, gone with the item. */
  last_used_ms?: number;
  ip?: string;
  user_agent?: string;
}

/** The device a session is used from, as login and refresh see it. */
export interface DeviceUse {
  /** API Gateway's source address of the request. */
  ip: string;
  /** The request's User-Agent, cut to a bounded length. */
  user_agent: string;
  /** Epoch ms. */
  used_ms: number;
}

/** A session as a presented refresh token names it. */
export interface SessionRef {
  userId: number;
  jti: string;
  sid: string;
  /** From the sid itself (lib/auth/session-id). */
  createdMs: number;
  /** Epoch seconds: the presented token's exp, the session's expiry if its record is first written now. */
  expiresAt: number;
  /**
   * A simplejwt token of the cut-over window: it may have no record yet, and the write that
   * rotates or revokes it creates one (a session of its own, lib/auth/session-id's legacySessionId).
   */
  legacy?: IssuedToken;
}
