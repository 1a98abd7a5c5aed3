// The key-rotation steps of docs/keys.md as pure functions on a JWKS: what each command changes.
import type { JWK } from 'jose';
import { LEGACY_MEMBER, parseLegacyKey, type LegacyMember } from '../../lib/tokens';

/** The stage's key set: the JWKS, and the pseudonym secret kept beside it (lib/tokens/keys). */
export interface Jwks {
  keys: JWK[];
  pseudonym_key?: string;
  /** The replaced backend's simplejwt key, during a cut-over (legacy-import). */
  [LEGACY_MEMBER]?: LegacyMember;
}

export type Action = 'list' | 'generate' | 'add' | 'promote' | 'retire' | 'pseudonym' | 'legacy-import' | 'legacy-remove';

/** generate: the first key of a stage, with its pseudonym secret (refuses to replace existing keys). */
export function generate(current: Jwks | undefined, fresh: JWK, pseudonymKey: string): Jwks {
  if (current && current.keys.length > 0) throw new Error('keys already exist: use add, promote and retire to rotate them');
  return { keys: [fresh], pseudonym_key: pseudonymKey };
}

/** add (step 1): publish a new key for verification; the current key keeps signing. */
export function add(current: Jwks | undefined, fresh: JWK): Jwks {
  if (!current?.keys.length) throw new Error('no keys yet: run generate first');
  return { ...current, keys: [...current.keys, fresh] };
}

/** promote (step 3): the newest key signs; the others stay for verification until retired. */
export function promote(current: Jwks | undefined): Jwks {
  if (!current || current.keys.length < 2) throw new Error('nothing to promote: add a key first');
  const newest = current.keys.at(-1)!;
  return { ...current, keys: [newest, ...current.keys.slice(0, -1)] };
}

/** retire (step 5): drop a key that no longer signs, once its tokens have expired. */
export function retire(current: Jwks | undefined, kid: string): Jwks {
  if (!current?.keys.some((key) => key.kid === kid)) throw new Error(`no key ${kid}`);
  if (current.keys[0]!.kid === kid) throw new Error(`${kid} is the signing key: promote another key first`);
  return { ...current, keys: current.keys.filter((key) => key.kid !== kid) };
}

/**
 * pseudonym: give a key set from before pseudonym secrets its own (until then pseudonyms derive
 * from the signing key). Never replaces one: a new secret would forget every failure counter.
 */
export function pseudonym(current: Jwks | undefined, pseudonymKey: string): Jwks {
  if (!current?.keys.length) throw new Error('no keys yet: run generate first');
  if (current.pseudonym_key) throw new Error('this stage already has a pseudonym secret');
  return { ...current, pseudonym_key: pseudonymKey };
}

/** One line per key, never a private member. */
export function describe(jwks: Jwks | undefined): string[] {
  if (!jwks?.keys.length) return ['(no keys)'];
  const keys = jwks.keys.map((key, index) => `${key.kid}  ${index === 0 ? 'signs and verifies' : 'verifies only'}`);
  const legacy = jwks[LEGACY_MEMBER];
  return [
    ...keys,
    jwks.pseudonym_key ? 'pseudonym secret: set (not shown)' : 'pseudonym secret: none (derived from the signing key)',
    ...(legacy
      ? [`legacy simplejwt key: set (not shown), ${legacy.algorithms.join('/')}, tokens issued before ${legacy.issued_before}`]
      : []),
  ];
}

/**
 * legacy-import: the replaced Django backend's simplejwt signing key, so that its refresh tokens
 * keep working during the cut-over window (LEGACY_SIMPLEJWT_UNTIL). Checked as the functions check it.
 */
export function legacyImport(current: Jwks | undefined, member: LegacyMember): Jwks {
  if (!current?.keys.length) throw new Error('no keys yet: run generate first');
  parseLegacyKey(member);
  return { ...current, [LEGACY_MEMBER]: member };
}

/** legacy-remove: once the window is over the key is never read; this deletes it. */
export function legacyRemove(current: Jwks | undefined): Jwks {
  if (!current?.[LEGACY_MEMBER]) throw new Error('this stage has no legacy simplejwt key');
  const { [LEGACY_MEMBER]: _removed, ...rest } = current;
  return rest;
}
