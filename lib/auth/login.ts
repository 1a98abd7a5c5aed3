// Use case: exchange username + password for a token pair (simplejwt's TokenObtainPairView).
import { config } from '../config';
import { InvalidCredentials } from '../errors';
import { verifyAgainstDummy, verifyPassword } from '../passwords';
import { startSession } from '../store/sessions';
import { findLoginItem } from '../store/users';
import { PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { normaliseUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { openSession, type TokenPair } from './token-pair';

export const loginInput = {
  username: string({ maxLength: 1024 }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

export async function login({ username, password }: Parsed<typeof loginInput>): Promise<TokenPair> {
  const settings = config();
  const normalised = normaliseUsername(username);
  const item = normalised.ok ? await findLoginItem(usernameKey(normalised.value)) : undefined;

  // Unknown users cost the same bcrypt work as known ones, and every failure (unknown user,
  // wrong password, inactive account) is the same error, so nothing reveals which accounts exist.
  const passwordMatches = item
    ? await verifyPassword(password, item.password_hash)
    : await verifyAgainstDummy(password, settings.bcryptCost);
  if (!item || !passwordMatches || !item.is_active) throw new InvalidCredentials();

  const { tokens, record, session } = await openSession(item.user_id, settings);
  await startSession(session, record);
  return tokens;
}
