// Use case: the profile of the bearer of an access token (the protected route), with its image's URL.
import type { ImageUrlContext } from '../context/image-urls';
import { TokenInvalid } from '../errors';
import { ACCESS } from '../tokens';
import { publicProfile, type PublicProfile } from './profile';
import { profileImageOf } from './profile-image';

export async function me(ctx: ImageUrlContext, accessToken: string): Promise<PublicProfile> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const user = await ctx.store.users.findUser(Number(claims.sub));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  return { ...publicProfile(user), profile_image: await profileImageOf(ctx, user) };
}
