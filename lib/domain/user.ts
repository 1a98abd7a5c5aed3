// A user as the service knows it: the profile, the login item's facts, and what a new user brings.

/** Django's auth_user fields that the API shows, plus the flags it keeps. */
export interface UserProfile {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  profile_image: string | null;
  is_active: boolean;
  /** ISO 8601. */
  date_joined: string;
  /** Epoch ms: every session begun before this is over (logout everywhere, deactivation). */
  sessions_revoked_ms?: number;
  /**
   * Set by the Django import: this pk is the Django user's own, so the old backend's tokens for it
   * (LEGACY_SIMPLEJWT_UNTIL) name this user and no other. A user registered here never has it.
   */
  imported_from?: 'django';
  /** The one session a password change let continue (its caller's), despite sessions_revoked_ms. */
  sessions_revoked_except?: string;
  /** The key of its username marker (lib/users/username.ts): a rename moves the marker from it. */
  username_key?: string;
  /** The key of its email marker (lib/users/email.ts); absent for a blank email (Django import). */
  email_key?: string;
  /** The address was proven (a verification link or code, a reset by link, or allauth's dump). Absent: unverified. */
  email_verified?: boolean;
  /** An email change waiting for its verification: the new address, and its key (no marker is held for it yet). */
  pending_email?: string;
  pending_email_key?: string;
  /** The profile image's object key in the bucket, and when its upload was asked for (epoch ms). */
  profile_image_key?: string;
  profile_image_ms?: number;
  /** Epoch ms: the account is being erased (lib/auth/erasure); it never becomes active again. */
  deleted_ms?: number;
}

/** Whether the user ended this session (by its sid) with logout everywhere, a deactivation or a password change. */
export function sessionRevoked(
  user: Pick<UserProfile, 'sessions_revoked_ms' | 'sessions_revoked_except'>,
  sid: string,
  createdMs: number,
): boolean {
  if (user.sessions_revoked_ms === undefined || user.sessions_revoked_except === sid) return false;
  return user.sessions_revoked_ms >= createdMs;
}

/** A user to write for the first time (registration): its keys and its password hash beside the profile. */
export interface NewUser extends UserProfile {
  username_key: string;
  email_key: string;
  password_hash: string;
}

/** A user whose email may be blank (imported from Django): then it has no email key. */
export type UserRecord = Omit<NewUser, 'email_key'> & { email_key?: string };

/** What login needs of an account, kept together so login reads one item. */
export interface LoginItem {
  user_id: number;
  password_hash: string;
  is_active: boolean;
  /** Beside the hash, so that ACCOUNT_EMAIL_VERIFICATION=mandatory costs login no extra read. */
  email_verified: boolean;
}
