// A pending email verification as stored: only hashes of its secrets, bound to the user and to the
// address they were sent to, with their expiry and the typed code's attempt count.

/** Wrong codes allowed before a code is void (the link keeps working until it expires). */
export const VERIFY_CODE_MAX_ATTEMPTS = 5;

/** The link's side, in the user's partition: one per user, the newest mail's (a later one voids it). */
export interface PendingVerification {
  user_id: number;
  /** The address the mail went to: the profile's (sign-up) or the one asked for (email change). */
  email_key: string;
  token_hash: string;
  expires_ms: number;
}

/** The typed code's item, found by a pseudonym of the address it was sent to (the newest mail's). */
export interface VerificationCode {
  user_id: number;
  email_key: string;
  code_hash: string;
  /** Tries so far, this one included (counted before the code is compared). */
  attempts: number;
  expires_ms: number;
}

/** What proves the address: the link's token or the typed code. */
export type VerificationProof = { by: 'token'; tokenHash: string } | { by: 'code'; codeKey: string; codeHash: string };

/**
 * How a proven address becomes the profile's: `confirm` marks the profile's own address verified;
 * `change` makes the asked-for address the profile's, taking its uniqueness marker and releasing the old one.
 */
export type Verification =
  | { kind: 'confirm'; userId: number; usernameKey: string; emailKey: string }
  | { kind: 'change'; userId: number; usernameKey: string; emailKey: string; email: string; oldEmailKey: string | undefined };
