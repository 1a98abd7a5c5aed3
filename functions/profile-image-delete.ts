// DELETE /api/auth/me/profile-image/: the profile shows no image any more → 204.
import { clearProfileImage } from '../lib/auth/profile-image';
import { filesContext } from '../lib/context/files';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(filesContext, {
  run: (ctx, _input, event) => clearProfileImage(ctx, bearerToken(event)),
  status: 204,
  errors: BEARER_ERRORS,
});
