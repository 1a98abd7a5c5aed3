// POST /api/auth/logout/: end the refresh token's session (or, with `all`, every session) → {detail}.
import { logout, logoutInput } from '../lib/auth/logout';
import { appContext } from '../lib/context';
import { ErrorCode } from '../lib/errors';
import { device, route } from '../lib/http';

const INVALID_REFRESH_TOKEN = { status: 400, message: 'Invalid or expired refresh token.' };

export const { handler, spec } = route(appContext, {
  input: logoutInput,
  run: (ctx, input, event) => logout(ctx, input, device(event)),
  body: () => ({ detail: 'Successfully logged out.' }),
  // The seed's LogoutView answers 400, not 401, for a bad token, with its own wording.
  errors: {
    [ErrorCode.TokenInvalid]: INVALID_REFRESH_TOKEN,
    [ErrorCode.TokenExpired]: INVALID_REFRESH_TOKEN,
  },
});
