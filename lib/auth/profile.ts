// The public view of a user: the register response's `content` without `tokens`, and what GET /me/ adds.
import type { UserProfile } from '../domain/user';

export interface PublicProfile {
  pk: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  profile_image: string | null;
}

export function publicProfile({ id, username, email, first_name, last_name, profile_image }: UserProfile): PublicProfile {
  return { pk: id, username, email, first_name, last_name, profile_image };
}

/** GET /me/ (and a profile edit's answer): the public profile and whether its address is proven. */
export interface AccountView extends PublicProfile {
  email_verified: boolean;
}

export function accountView(user: UserProfile, profileImage: string | null): AccountView {
  return { ...publicProfile(user), email_verified: user.email_verified === true, profile_image: profileImage };
}
