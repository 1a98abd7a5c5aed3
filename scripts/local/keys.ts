// The local signing key: generated on first start into a git-ignored file, then reused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSigningKey } from '../../lib/tokens';

/** Returns the JWKS (as a JSON string) in `file`, creating it with one new key if absent. */
export async function localSigningKeys(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const jwks = JSON.stringify({ keys: [await generateSigningKey()] });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${jwks}\n`, { mode: 0o600 });
  return jwks;
}
