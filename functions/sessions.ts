// GET /api/auth/sessions/: the bearer's live sessions, one page at a time (`?cursor=`).
import { listSessions } from '../lib/auth/sessions';
import { appContext } from '../lib/context';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  run: (ctx, _input, event) => listSessions(ctx, bearerToken(event), event.queryStringParameters?.cursor),
  errors: BEARER_ERRORS,
});
