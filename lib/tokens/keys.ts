// Signing keys: parses the configured JWKS into one signing key and a kid → key map for verifying.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError } from '../errors';

export const ALGORITHM = 'RS256';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface KeyRing {
  signing: { kid: string; key: Key };
  verifying: ReadonlyMap<string, Key>;
}

/** Only the public members: verification needs no more, and nothing private can leak from here. */
export function publicJwk({ kty, n, e, kid }: JWK): JWK {
  return { kty, n, e, kid, alg: ALGORITHM, use: 'sig' };
}

let cache: { source: string; ring: Promise<KeyRing> } | undefined;

async function parse(source: string): Promise<KeyRing> {
  let jwks: { keys?: JWK[] };
  try {
    jwks = JSON.parse(source) as { keys?: JWK[] };
  } catch {
    throw new ConfigError(['JWT_SIGNING_KEYS is not valid JSON']);
  }
  const keys = Array.isArray(jwks.keys) ? jwks.keys : [];
  if (keys.length === 0) throw new ConfigError(['JWT_SIGNING_KEYS has no keys']);

  const verifying = new Map<string, Key>();
  for (const jwk of keys) {
    if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || jwk.kid === '') {
      throw new ConfigError(['every key in JWT_SIGNING_KEYS must be an RSA JWK with a kid']);
    }
    verifying.set(jwk.kid, await importJWK(publicJwk(jwk), ALGORITHM));
  }
  const first = keys[0]!;
  if (typeof first.d !== 'string') throw new ConfigError(['the first key in JWT_SIGNING_KEYS must be private']);
  return { signing: { kid: first.kid!, key: await importJWK({ ...first, alg: ALGORITHM }, ALGORITHM) }, verifying };
}

/** The key ring for a JWKS string, imported once per process. */
export function keyRing(source: string): Promise<KeyRing> {
  if (cache?.source !== source) cache = { source, ring: parse(source) };
  return cache.ring;
}

/** The published key set (RFC 7517): every configured key's public members, signing key first. */
export function publicJwks(source: string): { keys: JWK[] } {
  const { keys } = JSON.parse(source) as { keys: JWK[] };
  return { keys: keys.map(publicJwk) };
}

/** A new RSA private key as a JWK whose kid is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALGORITHM, use: 'sig' };
}
