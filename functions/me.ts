// GET /api/auth/me/: the profile of the access token's bearer.
import { me } from '../lib/auth/me';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  run: (ctx, _input, event) => me(ctx, bearerToken(event)),
  errors: BEARER_ERRORS,
});
