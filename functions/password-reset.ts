// POST /api/auth/password/reset/: {email} → 200, the same for every valid address; the mail goes out after.
import { passwordResetInput, requestPasswordReset } from '../lib/auth/password-reset';
import { appContext } from '../lib/context';
import { route, sourceIp } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: passwordResetInput,
  run: (ctx, input, event) => requestPasswordReset(ctx, input, { sourceIp: sourceIp(event) }),
});
