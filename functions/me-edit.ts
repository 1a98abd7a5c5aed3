// PATCH and PUT /api/auth/me/: edit the bearer's profile (dj-rest-auth's user/) → 200 with the profile.
import { editProfile, profileEditInput } from '../lib/auth/profile-edit';
import { imageUrlContext } from '../lib/context/image-urls';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(imageUrlContext, {
  input: profileEditInput,
  run: (ctx, input, event) => editProfile(ctx, bearerToken(event), input, { replace: event.requestContext.http.method === 'PUT' }),
  errors: BEARER_ERRORS,
});
