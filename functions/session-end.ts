// DELETE /api/auth/sessions/{sid}/: end one of the bearer's sessions → 204; another user's sid → 404.
import { endDeviceSession } from '../lib/auth/sessions';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, device, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  run: (ctx, _input, event) => endDeviceSession(ctx, bearerToken(event), event.pathParameters?.sid, device(event)),
  status: 204,
  errors: BEARER_ERRORS,
});
