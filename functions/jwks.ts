// GET /.well-known/jwks.json: the public keys that verify our tokens.
import { jwks } from '../lib/auth/discovery';
import { keysContext } from '../lib/context/keys';
import { route } from '../lib/http';
import { PUBLISHED_KEYS_CACHE } from '../lib/http/cache';

export const { handler, spec } = route(keysContext, { run: jwks, headers: PUBLISHED_KEYS_CACHE });
