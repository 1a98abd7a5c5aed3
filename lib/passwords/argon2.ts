// Django's Argon2PasswordHasher: `argon2` followed by the PHC string argon2-cffi writes
// (`argon2$argon2id$v=19$m=102400,t=2,p=8$<salt>$<digest>`), verified with Node's own argon2
// (node:crypto, since Node 24.7: OpenSSL's, on the thread pool), so no bundle carries an argon2 of
// its own (hash-wasm's WebAssembly was 29 KB of every password function's bundle).
import { argon2 as deriveArgon2, timingSafeEqual, type Argon2Algorithm, type Argon2Parameters } from 'node:crypto';
import type { Hasher } from './hasher';

// Not promisified at load: a Node without argon2 (the bench's older Node) still loads every bundle.
const derive = (algorithm: Argon2Algorithm, parameters: Argon2Parameters) =>
  new Promise<Buffer>((resolve, reject) => deriveArgon2(algorithm, parameters, (error, key) => (error ? reject(error) : resolve(key))));

const PHC = /^argon2\$(argon2id|argon2i|argon2d)\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** A Lambda of 1024 MB must be able to spend this: Django's default is 100 MiB (m=102400). */
const MAX_MEMORY_KIB = 256 * 1024;
const MAX_TIME_COST = 16;
const MAX_PARALLELISM = 64;

function parse(encoded: string) {
  const match = PHC.exec(encoded);
  if (!match) return undefined;
  const [, variant, m, t, p, salt, digest] = match;
  return {
    variant: variant as 'argon2id' | 'argon2i' | 'argon2d',
    memorySize: Number(m),
    iterations: Number(t),
    parallelism: Number(p),
    salt: Buffer.from(salt!, 'base64'),
    digest: Buffer.from(digest!, 'base64'),
  };
}

function tooCostly(parsed: NonNullable<ReturnType<typeof parse>>): string | undefined {
  // argon2's own lower bounds: below them the library throws, so the hash is simply malformed.
  if (parsed.iterations < 1 || parsed.parallelism < 1 || parsed.memorySize < 8 * parsed.parallelism) return 'malformed argon2 parameters';
  if (parsed.memorySize > MAX_MEMORY_KIB) return `argon2 memory ${parsed.memorySize} KiB is above ${MAX_MEMORY_KIB}`;
  if (parsed.iterations > MAX_TIME_COST) return `argon2 time cost ${parsed.iterations} is above ${MAX_TIME_COST}`;
  if (parsed.parallelism > MAX_PARALLELISM) return `argon2 parallelism ${parsed.parallelism} is above ${MAX_PARALLELISM}`;
  return undefined;
}

export const argon2: Hasher = {
  algorithm: 'argon2',
  check(encoded) {
    const parsed = parse(encoded);
    if (!parsed || parsed.salt.length < 8 || parsed.digest.length < 4)
      return { ok: false, reason: 'malformed or unsupported argon2 hash (version 19 only)' };
    const reason = tooCostly(parsed);
    return reason ? { ok: false, reason } : { ok: true };
  },
  async verify(password, encoded) {
    const parsed = parse(encoded)!;
    const derived = await derive(parsed.variant, {
      message: password,
      nonce: parsed.salt,
      passes: parsed.iterations,
      parallelism: parsed.parallelism,
      memory: parsed.memorySize,
      tagLength: parsed.digest.length,
    });
    return timingSafeEqual(derived, parsed.digest);
  },
};
