// Every item key of the single table, built in one place (see docs/data-model.md).

export interface ItemKey {
  pk: string;
  sk: string;
}

export const keys = {
  /** The profile; the user's refresh tokens share its partition. */
  user: (userId: number): ItemKey => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  /** Keyed by jti inside the owner's partition, so "all tokens of a user" is one Query. */
  refreshToken: (userId: number, jti: string): ItemKey => ({ pk: `USER#${userId}`, sk: `REFRESH#${jti}` }),
  /** One login and every refresh after it (a token family); revoking it ends them all. */
  session: (userId: number, sid: string): ItemKey => ({ pk: `USER#${userId}`, sk: `SESSION#${sid}` }),
  /** Uniqueness marker and login item: holds everything login needs, read in one GetItem. */
  username: (usernameKey: string): ItemKey => ({ pk: `USERNAME#${usernameKey}`, sk: 'USERNAME' }),
  /** Uniqueness marker for email addresses. */
  email: (emailKey: string): ItemKey => ({ pk: `EMAIL#${emailKey}`, sk: 'EMAIL' }),
  /** Login attempts of one account, address or (account, address) pair, by pseudonym; expiring by TTL. */
  loginAttempts: (scope: string, pseudonym: string): ItemKey => ({ pk: `LOGIN_ATTEMPTS#${scope}#${pseudonym}`, sk: 'COUNTER' }),
  /** One fixed window of a rate limit (lib/domain/rate-window): the window's number is in the key. */
  rateWindow: (purpose: string, pseudonym: string, window: number): ItemKey => ({ pk: `RATE#${purpose}#${pseudonym}`, sk: `WINDOW#${window}` }),
  /** Atomic counter that hands out integer user pks. */
  userIdCounter: (): ItemKey => ({ pk: 'COUNTER', sk: 'USER_ID' }),
} as const;
