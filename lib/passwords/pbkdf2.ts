// Django's PBKDF2 hashers (pbkdf2_sha256, its default, and the legacy pbkdf2_sha1) on node:crypto.
import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Hasher } from './hasher';

const derive = promisify(pbkdf2);

/** Django 5.1 uses 1,000,000; ten times that would make one login take several seconds. */
const MAX_ITERATIONS = 10_000_000;

/** `pbkdf2_sha256$<iterations>$<salt>$<base64 digest>`: salt and password as UTF-8, as Django does. */
function parse(encoded: string) {
  const [, iterations, salt, digest, ...rest] = encoded.split('$');
  if (rest.length > 0 || !iterations || !/^[1-9]\d*$/.test(iterations) || !salt || !digest) return undefined;
  return { iterations: Number(iterations), salt, digest: Buffer.from(digest, 'base64') };
}

function pbkdf2Hasher(algorithm: string, digest: 'sha256' | 'sha1', length: number): Hasher {
  return {
    algorithm,
    check(encoded) {
      const parsed = parse(encoded);
      if (!parsed || parsed.digest.length !== length) return { ok: false, reason: `malformed ${algorithm} hash` };
      if (parsed.iterations > MAX_ITERATIONS) return { ok: false, reason: `${parsed.iterations} iterations is above ${MAX_ITERATIONS}` };
      return { ok: true, cost: parsed.iterations };
    },
    async verify(password, encoded) {
      const parsed = parse(encoded)!;
      const derived = await derive(Buffer.from(password, 'utf8'), Buffer.from(parsed.salt, 'utf8'), parsed.iterations, length, digest);
      return timingSafeEqual(derived, parsed.digest);
    },
  };
}

export const pbkdf2Sha256 = pbkdf2Hasher('pbkdf2_sha256', 'sha256', 32);
export const pbkdf2Sha1 = pbkdf2Hasher('pbkdf2_sha1', 'sha1', 20);
