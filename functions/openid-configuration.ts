// GET /.well-known/openid-configuration: OpenID discovery, pointing verifiers at the JWKS.
import { openidConfiguration } from '../lib/auth/discovery';
import { keysContext } from '../lib/context/keys';
import { route } from '../lib/http';
import { PUBLISHED_KEYS_CACHE } from '../lib/http/cache';

export const { handler, spec } = route(keysContext, { run: openidConfiguration, headers: PUBLISHED_KEYS_CACHE });
