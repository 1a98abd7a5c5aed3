// GET /.well-known/openid-configuration: OpenID discovery, pointing verifiers at the JWKS.
import { openidConfiguration } from '../lib/auth/discovery';
import { httpHandler } from '../lib/http';
import { PUBLISHED_KEYS_CACHE } from '../lib/http/cache';

export const handler = httpHandler({ run: openidConfiguration, headers: PUBLISHED_KEYS_CACHE });
