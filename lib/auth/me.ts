// Use case: the profile of the bearer of an access token (the protected route).
import { config } from '../config';
import { TokenInvalid } from '../errors';
import { findUser } from '../store/users';
import { ACCESS, verifyToken } from '../tokens';
import { publicProfile, type PublicProfile } from './profile';

export async function me(accessToken: string): Promise<PublicProfile> {
  const claims = await verifyToken(accessToken, ACCESS, config());
  const user = await findUser(Number(claims.sub));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  return publicProfile(user);
}
