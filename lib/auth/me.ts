// Use case: the profile of the bearer of an access token (the protected route).
import type { AppContext } from '../context';
import { TokenInvalid } from '../errors';
import { ACCESS } from '../tokens';
import { publicProfile, type PublicProfile } from './profile';

export async function me(ctx: AppContext, accessToken: string): Promise<PublicProfile> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const user = await ctx.store.users.findUser(Number(claims.sub));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  return publicProfile(user);
}
