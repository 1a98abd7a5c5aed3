// The local signing key (and pseudonym secret): generated on first start into a git-ignored file, then reused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSigningKey, newPseudonymKey } from '../../lib/tokens';

/** The JWKS (as a JSON string) in `file`, created with one new key (and a pseudonym secret) if absent. */
export async function localSigningKeys(file: string): Promise<{ jwks: string; generated: boolean }> {
  if (existsSync(file)) return { jwks: readFileSync(file, 'utf8').trim(), generated: false };
  const jwks = JSON.stringify({ keys: [await generateSigningKey()], pseudonym_key: newPseudonymKey() });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${jwks}\n`, { mode: 0o600 });
  return { jwks, generated: true };
}
