// The public view of a user: the register response's `content` without `tokens`.
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
