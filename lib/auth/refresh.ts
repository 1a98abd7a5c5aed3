// Use case: exchange a live refresh token for a new access token (simplejwt's TokenRefreshView).
import { config } from '../config';
import { TokenInvalid } from '../errors';
import { findRefreshToken } from '../store/refresh-tokens';
import { ACCESS, REFRESH, signToken, verifyToken } from '../tokens';
import { string, type Parsed } from '../validation';

export const refreshInput = {
  refresh: string(),
};

export async function refresh({ refresh: token }: Parsed<typeof refreshInput>): Promise<{ access: string }> {
  const settings = config();
  const claims = await verifyToken(token, REFRESH, settings);
  const userId = Number(claims.sub);
  const record = await findRefreshToken(userId, claims.jti);
  // A valid signature is not enough: the token must have been recorded and not revoked.
  if (!record) throw new TokenInvalid('refresh token not on record');
  if (record.revoked_at !== undefined) throw new TokenInvalid('refresh token revoked');
  const { token: access } = await signToken(ACCESS, userId, settings);
  return { access };
}
