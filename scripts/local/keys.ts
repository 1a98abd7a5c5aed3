// The local signing key (and pseudonym secret): generated on first start into a git-ignored file, then reused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSigningKey, newPseudonymKey } from '../../lib/tokens';

/** Returns the JWKS (as a JSON string) in `file`, creating it with one new key if absent. */
export async function localSigningKeys(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const jwks = JSON.stringify({ keys: [await generateSigningKey()], pseudonym_key: newPseudonymKey() });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${jwks}\n`, { mode: 0o600 });
  return jwks;
}
