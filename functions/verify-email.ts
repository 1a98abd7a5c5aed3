// POST /api/auth/registration/verify-email/: {key} (the link's) or {email, code} → 200 {"detail": "ok"}.
import { verifyEmail, verifyEmailInput } from '../lib/auth/verify-email';
import { appContext } from '../lib/context';
import { route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: verifyEmailInput,
  run: (ctx, input) => verifyEmail(ctx, input),
});
