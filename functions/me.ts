// GET /api/auth/me/: the profile of the access token's bearer.
import { me } from '../lib/auth/me';
import { filesContext } from '../lib/context/files';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(filesContext, {
  run: (ctx, _input, event) => me(ctx, bearerToken(event)),
  errors: BEARER_ERRORS,
});
