// Signing keys: the configured JWKS as a key ring (one signing key, a kid → key map for verifying)
// and the stage's pseudonym secret kept beside them.
import { hkdfSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError } from '../errors';
import { LEGACY_MEMBER, parseLegacyKey, type LegacyKey } from './legacy';

export const ALGORITHM = 'RS256';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  kid: string;
  key: Key;
}

/**
 * The JWKS document may carry, beside `keys`, a `pseudonym_key` member (RFC 7517 §5 lets a set
 * hold members a verifier ignores): 32+ random bytes, base64url.
 */
export const PSEUDONYM_MEMBER = 'pseudonym_key';
const PSEUDONYM_MIN_BYTES = 32;

/** A fresh pseudonym secret for a stage's key set (`npm run keys`, local stacks). */
export const newPseudonymKey = (): string => randomBytes(PSEUDONYM_MIN_BYTES).toString('base64url');

/**
 * The configured pseudonym secret; a key set from before it existed derives one from its signing
 * key (still secret, but it changes when another key is promoted: run `npm run keys -- pseudonym`).
 */
function pseudonymSecretOf(document: Record<string, unknown>, signing: JWK): Buffer {
  const member = document[PSEUDONYM_MEMBER];
  if (member === undefined) return Buffer.from(hkdfSync('sha256', String(signing.d), '', 'auth-api pseudonyms', PSEUDONYM_MIN_BYTES));
  const secret = typeof member === 'string' ? Buffer.from(member, 'base64url') : Buffer.alloc(0);
  if (secret.length < PSEUDONYM_MIN_BYTES)
    throw new ConfigError([`${PSEUDONYM_MEMBER} must be at least ${PSEUDONYM_MIN_BYTES} random bytes, base64url`]);
  return secret;
}

/** Only the public members: verification needs no more, and nothing private can leak from here. */
export function publicJwk({ kty, n, e, kid }: JWK): JWK {
  return { kty, n, e, kid, alg: ALGORITHM, use: 'sig' };
}

/** The configured key set, checked but not imported: importing is work only signing and verifying need. */
interface KeySet {
  signing: JWK;
  verifying: ReadonlyMap<string, JWK>;
  pseudonymSecret: Buffer;
}

function parse(source: string): KeySet {
  let jwks: { keys?: JWK[] } & Record<string, unknown>;
  try {
    jwks = JSON.parse(source) as { keys?: JWK[] };
  } catch {
    throw new ConfigError(['JWT_SIGNING_KEYS is not valid JSON']);
  }
  const keys = Array.isArray(jwks.keys) ? jwks.keys : [];
  if (keys.length === 0) throw new ConfigError(['JWT_SIGNING_KEYS has no keys']);

  const verifying = new Map<string, JWK>();
  for (const jwk of keys) {
    if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || jwk.kid === '') {
      throw new ConfigError(['every key in JWT_SIGNING_KEYS must be an RSA JWK with a kid']);
    }
    verifying.set(jwk.kid, publicJwk(jwk));
  }
  const first = keys[0]!;
  if (typeof first.d !== 'string') throw new ConfigError(['the first key in JWT_SIGNING_KEYS must be private']);
  return { signing: first, verifying, pseudonymSecret: pseudonymSecretOf(jwks, first) };
}

/** Where the key set comes from: inline (local stacks, tests) or a parameter store (deployed). */
export interface KeySource {
  /** The JWKS document; a failed read is not cached, so the next request tries again. */
  read(): Promise<string>;
}

export const inlineKeys = (jwks: string): KeySource => ({ read: () => Promise.resolve(jwks) });

/** A source read once per process once it succeeds (a cold start's one read of SSM). */
export function readOnce(read: () => Promise<string>): KeySource {
  let value: Promise<string> | undefined;
  return {
    read() {
      if (!value) {
        value = read();
        value.catch(() => (value = undefined));
      }
      return value;
    },
  };
}

/**
 * The key ring of one key set, built once per cold start: the set parsed on first use, each key
 * imported on first use only, once. A cold start imports just the key its first request needs (a
 * login, the signing key once its password is checked; a refresh, the one public key of its
 * token's kid), and never before its database read.
 */
export function createKeyRing(source: KeySource) {
  let cache:
    | { source: string; set: KeySet; signing?: Promise<SigningKey>; verifying: Map<string, Promise<Key>>; legacy?: LegacyKey | null }
    | undefined;

  async function loaded() {
    const text = await source.read();
    if (cache?.source !== text) cache = { source: text, set: parse(text), verifying: new Map() };
    return cache;
  }

  return {
    /** The signing key (the set's first), imported on first use. */
    async signingKey(): Promise<SigningKey> {
      const keys = await loaded();
      keys.signing ??= importJWK({ ...keys.set.signing, alg: ALGORITHM }, ALGORITHM).then((key) => ({ kid: keys.set.signing.kid!, key }));
      return keys.signing;
    },

    /** The public key of `kid`, imported on first use; undefined for a kid the set does not hold. */
    async verifyingKey(kid: string): Promise<Key | undefined> {
      const keys = await loaded();
      const jwk = keys.set.verifying.get(kid);
      if (jwk === undefined) return undefined;
      let key = keys.verifying.get(kid);
      if (key === undefined) {
        key = importJWK(jwk, ALGORITHM);
        keys.verifying.set(kid, key);
      }
      return key;
    },

    /** The published key set (RFC 7517): every configured key's public members, signing key first. */
    async publicJwks(): Promise<{ keys: JWK[] }> {
      const { keys } = JSON.parse(await source.read()) as { keys: JWK[] };
      return { keys: keys.map(publicJwk) };
    },

    /**
     * The replaced backend's simplejwt key (LEGACY_MEMBER), or undefined when the set holds none.
     * Read and checked only when asked, and only the use case inside the cut-over window asks:
     * after it, nothing reads the member, so it can be deleted at leisure.
     */
    async legacyKey(): Promise<LegacyKey | undefined> {
      const keys = await loaded();
      if (keys.legacy === undefined) {
        const member = (JSON.parse(keys.source) as Record<string, unknown>)[LEGACY_MEMBER];
        keys.legacy = member === undefined ? null : parseLegacyKey(member);
      }
      return keys.legacy ?? undefined;
    },

    /** The stage's pseudonym secret (see PSEUDONYM_MEMBER), read with the keys; no key is imported. */
    async pseudonymSecret(): Promise<Buffer> {
      return (await loaded()).set.pseudonymSecret;
    },
  };
}

export type KeyRing = ReturnType<typeof createKeyRing>;

/** A new RSA private key as a JWK whose kid is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALGORITHM, use: 'sig' };
}
