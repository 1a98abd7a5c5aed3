// Use cases: the published keys (JWKS) and the OpenID discovery document that points at them,
// so API Gateway's JWT authorizer and any OIDC-aware verifier can check our access tokens.
import type { KeysContext } from '../context/keys';

export const JWKS_PATH = '/.well-known/jwks.json';

export async function jwks(ctx: KeysContext) {
  return ctx.tokens.publicJwks();
}

export async function openidConfiguration(ctx: KeysContext) {
  const { issuer } = ctx.config.jwt;
  return {
    issuer,
    jwks_uri: `${issuer.replace(/\/$/, '')}${JWKS_PATH}`,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'jti', 'sid', 'token_type', 'user_id'],
  };
}
