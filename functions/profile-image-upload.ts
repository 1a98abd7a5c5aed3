// POST /api/auth/me/profile-image/: {"content_type"} → a presigned S3 POST {"url", "fields"} for a new profile image.
import { profileImageInput, requestImageUpload } from '../lib/auth/profile-image';
import { filesContext } from '../lib/context/files';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(filesContext, {
  input: profileImageInput,
  run: (ctx, input, event) => requestImageUpload(ctx, bearerToken(event), input),
  errors: BEARER_ERRORS,
});
