// POST /api/auth/email/change/: Bearer access token, {new_email, password} → a verification to the new address.
import { emailChangeInput, requestEmailChange } from '../lib/auth/email-change';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: emailChangeInput,
  run: (ctx, input, event) => requestEmailChange(ctx, bearerToken(event), input),
  errors: BEARER_ERRORS,
});
