// POST /api/auth/password/change/: Bearer access token, {old_password, new_password1, new_password2}.
import { changePassword, passwordChangeInput } from '../lib/auth/password-change';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, device, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: passwordChangeInput,
  run: (ctx, input, event) => changePassword(ctx, bearerToken(event), input, device(event)),
  errors: BEARER_ERRORS,
});
