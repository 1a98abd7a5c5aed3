// A pending password reset as stored: only hashes of its secrets, with their expiry and the
// typed code's attempt count. The link's token and the code are never stored.

/** Wrong codes allowed before a code is void (the link keeps working until it expires). */
export const RESET_CODE_MAX_ATTEMPTS = 5;

/** The reset itself, in the user's partition: one per user, the newest request's. */
export interface PendingReset {
  user_id: number;
  token_hash: string;
  /** Where the typed code's item is (a pseudonym of the email it was sent to). */
  code_key: string;
  expires_ms: number;
}

/** The typed code's item, found by the email it was sent to. */
export interface ResetCode {
  user_id: number;
  code_hash: string;
  /** Tries so far, this one included (counted before the code is compared). */
  attempts: number;
  expires_ms: number;
}

/** What proves the right to set a new password: the link's token or the typed code. */
export type ResetProof = { by: 'token'; tokenHash: string } | { by: 'code'; codeKey: string; codeHash: string };
