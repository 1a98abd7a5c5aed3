// Every item key of the single table, built in one place (see docs/data-model.md).
import type { CounterSubject } from '../domain/attempt-counter';

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
  /**
   * Login attempts of one address, one account, or one account from one address, by pseudonym;
   * an account's own counter and its pairs share a partition, so "every lock of this account" is one Query.
   */
  loginAttempts: (subject: CounterSubject): ItemKey => {
    if (subject.scope === 'address') return { pk: `LOGIN_ATTEMPTS#address#${subject.address}`, sk: 'COUNTER' };
    return { pk: `LOGIN_ATTEMPTS#account#${subject.account}`, sk: subject.scope === 'pair' ? `PAIR#${subject.address}` : 'COUNTER' };
  },
  /** An address from which the account logged in successfully lately: the account-wide lock does not apply there. */
  trustedAddress: (account: string, address: string): ItemKey => ({ pk: `LOGIN_ATTEMPTS#account#${account}`, sk: `TRUSTED#${address}` }),
  /** One fixed window of a rate limit (lib/domain/rate-window): the window's number is in the key. */
  rateWindow: (purpose: string, pseudonym: string, window: number): ItemKey => ({
    pk: `RATE#${purpose}#${pseudonym}`,
    sk: `WINDOW#${window}`,
  }),
  /** The user's pending password reset (the newest request's): the link's token hash, the code's key. */
  passwordReset: (userId: number): ItemKey => ({ pk: `USER#${userId}`, sk: 'PASSWORD_RESET' }),
  /** A typed reset code, by a pseudonym of the email it was sent to: confirming by code needs no other lookup. */
  resetCode: (codeKey: string): ItemKey => ({ pk: `RESET_CODE#${codeKey}`, sk: 'RESET_CODE' }),
  /** The user's pending email verification (the newest mail's): the link's token hash and the address it is for. */
  emailVerification: (userId: number): ItemKey => ({ pk: `USER#${userId}`, sk: 'EMAIL_VERIFICATION' }),
  /** A typed verification code, by a pseudonym of the address it was sent to (the newest mail to it). */
  verifyCode: (codeKey: string): ItemKey => ({ pk: `VERIFY_CODE#${codeKey}`, sk: 'VERIFY_CODE' }),
  /** Mail owed to someone (lib/domain/outbox); the table's stream hands it to the mailer. */
  outbox: (id: string): ItemKey => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
  /** One security event of the user (lib/domain/security-event), time-ordered by its id: newest first is one Query. */
  securityEvent: (userId: number, eventId: string): ItemKey => ({ pk: `USER#${userId}`, sk: `EVENT#${eventId}` }),
  /** Atomic counter that hands out integer user pks. */
  userIdCounter: (): ItemKey => ({ pk: 'COUNTER', sk: 'USER_ID' }),
} as const;
