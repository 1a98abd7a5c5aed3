// Use case: revoke one refresh token (the seed's LogoutView), by jti, in one conditional write.
import { config } from '../config';
import { revokeRefreshToken } from '../store/refresh-tokens';
import { REFRESH, verifyToken } from '../tokens';
import { string, type Parsed } from '../validation';

export const REFRESH_TOKEN_REQUIRED = 'Refresh token required.';

export const logoutInput = {
  refresh_token: string({ message: REFRESH_TOKEN_REQUIRED }),
};

export async function logout({ refresh_token }: Parsed<typeof logoutInput>): Promise<void> {
  const settings = config();
  const claims = await verifyToken(refresh_token, REFRESH, settings);
  await revokeRefreshToken(Number(claims.sub), claims.jti, Math.floor(Date.now() / 1000));
}
