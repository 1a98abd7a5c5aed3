// POST /api/auth/registration/resend-email/: {email} → 200, the same for every valid address; the mail (if any) goes out after.
import { resendEmailInput, resendVerification } from '../lib/auth/verification-mail';
import { appContext } from '../lib/context';
import { route, sourceIp } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: resendEmailInput,
  run: (ctx, input, event) => resendVerification(ctx, input, { sourceIp: sourceIp(event) }),
});
