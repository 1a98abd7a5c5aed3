// GET /api/auth/me/security-log/: the bearer's security events, newest first, a page at a time (`?cursor=`).
import { listSecurityLog } from '../lib/auth/security-log';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  run: (ctx, _input, event) => listSecurityLog(ctx, bearerToken(event), event.queryStringParameters?.cursor),
  errors: BEARER_ERRORS,
});
