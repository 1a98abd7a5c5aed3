// Signing keys: parses the configured JWKS into one signing key and a kid → key map for verifying.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import { readSecureParameter } from '../store/parameters';

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

let parameterValue: { name: string; value: Promise<string> } | undefined;

/**
 * The configured JWKS: inline (local stacks, tests) or read once per process from SSM (deployed).
 * A failed read is not cached, so the next request tries again.
 */
function jwksSource(config: Config): Promise<string> {
  const { signingKeys, signingKeysParameter } = config.jwt;
  if (signingKeys) return Promise.resolve(signingKeys);
  const name = signingKeysParameter!;
  if (parameterValue?.name !== name) {
    const value = readSecureParameter(name);
    parameterValue = { name, value };
    value.catch(() => (parameterValue = undefined));
  }
  return parameterValue.value;
}

/** The key ring of the configured keys, imported once per process. */
export async function keyRing(config: Config): Promise<KeyRing> {
  const source = await jwksSource(config);
  if (cache?.source !== source) cache = { source, ring: parse(source) };
  return cache.ring;
}

/** The published key set (RFC 7517): every configured key's public members, signing key first. */
export async function publicJwks(config: Config): Promise<{ keys: JWK[] }> {
  const { keys } = JSON.parse(await jwksSource(config)) as { keys: JWK[] };
  return { keys: keys.map(publicJwk) };
}

/** A new RSA private key as a JWK whose kid is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALGORITHM, use: 'sig' };
}
