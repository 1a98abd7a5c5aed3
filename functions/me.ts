// GET /api/auth/me/: the profile of the access token's bearer.
import { me } from '../lib/auth/me';
import { appContext } from '../lib/context';
import { ErrorCode } from '../lib/errors';
import { bearerToken, route } from '../lib/http';

// RFC 6750: a 401 from a protected resource names the scheme it expects.
const challenge = { 'www-authenticate': 'Bearer realm="api"' };
const invalidToken = { status: 401, message: 'Given token not valid for any token type', headers: challenge };

export const { handler, spec } = route(appContext, {
  run: (ctx, _input, event) => me(ctx, bearerToken(event)),
  errors: {
    [ErrorCode.NotAuthenticated]: { status: 401, headers: challenge },
    [ErrorCode.TokenInvalid]: invalidToken,
    [ErrorCode.TokenExpired]: invalidToken,
  },
});
