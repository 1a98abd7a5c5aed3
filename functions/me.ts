// GET /api/auth/me/: the profile of the access token's bearer.
import { me } from '../lib/auth/me';
import { imageUrlContext } from '../lib/context/image-urls';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(imageUrlContext, {
  run: (ctx, _input, event) => me(ctx, bearerToken(event)),
  errors: BEARER_ERRORS,
});
