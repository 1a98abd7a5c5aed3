// POST /api/auth/password/reset/confirm/: {uid, token} or {email, code}, and the new password twice.
import { confirmPasswordReset, passwordResetConfirmInput } from '../lib/auth/password-reset-confirm';
import { appContext } from '../lib/context';
import { device, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: passwordResetConfirmInput,
  run: (ctx, input, event) => confirmPasswordReset(ctx, input, device(event)),
});
