// Mail the service owes someone: written in the same write as the state change that calls for
// it, sent later by the mailer. Messages carry keys, never secrets or addresses: the mailer looks
// up the current state when it sends, and makes any secret only then.

export type OutboxMessage =
  /** Someone asked to reset the password of whichever account holds this email key (maybe none). */
  | { kind: 'password_reset'; email_key: string }
  /** The account's password was changed or reset: tell its owner. */
  | { kind: 'password_changed'; user_id: number }
  /**
   * Send a verification: of this address to the account `user_id` (its own, or the one it asked to
   * change to); without `user_id`, to whichever account holds the address (a resend; maybe none);
   * without `email_key`, of the account's own address (a refused login).
   */
  | { kind: 'verify_email'; email_key: string; user_id?: number }
  | { kind: 'verify_email'; user_id: number; email_key?: undefined }
  /** The account asked to change its address: tell the current one. */
  | { kind: 'email_change_requested'; user_id: number };

export type OutboxKind = OutboxMessage['kind'];

/** An outbox message as stored: its id (for deletion once sent) and when it was written. */
export type StoredOutboxMessage = OutboxMessage & { id: string; created_ms: number };
