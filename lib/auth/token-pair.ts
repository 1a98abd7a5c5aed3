// Issues a refresh + access pair for a user, with the refresh token's record ready to store.
import type { Config } from '../config';
import type { RefreshTokenRecord } from '../store/refresh-tokens';
import { ACCESS, REFRESH, signToken } from '../tokens';

export interface TokenPair {
  refresh: string;
  access: string;
}

export async function issueTokenPair(userId: number, config: Config): Promise<{ tokens: TokenPair; record: RefreshTokenRecord }> {
  const [refresh, access] = await Promise.all([signToken(REFRESH, userId, config), signToken(ACCESS, userId, config)]);
  const { jti, iat, exp } = refresh.claims;
  return {
    tokens: { refresh: refresh.token, access: access.token },
    record: { jti, user_id: userId, issued_at: iat, expires_at: exp },
  };
}
