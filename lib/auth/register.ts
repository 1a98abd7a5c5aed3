// Use case: create an account (Django's validation rules) and sign the user straight in.
import { config } from '../config';
import { ValidationFailed } from '../errors';
import { count, Metric } from '../metrics';
import { hashPassword } from '../passwords';
import { allocateUserId, createUser, type UserProfile } from '../store/users';
import { normaliseEmail, emailKey } from '../users/email';
import { NAME_MAX_LENGTH, visibleName } from '../users/names';
import { passwordProblems, PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { newUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { publicProfile, type PublicProfile } from './profile';
import { issueOnceStored, planSession, type TokenPair } from './token-pair';

export const registerInput = {
  username: string({ refine: newUsername }),
  email: string({ refine: normaliseEmail }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
  first_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
  last_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
};

/** The register response's `content`: exactly the seed's keys. */
export interface Registered extends PublicProfile {
  tokens: TokenPair;
}

export async function register(input: Parsed<typeof registerInput>): Promise<Registered> {
  const { password, ...attributes } = input;
  const problems = passwordProblems(password, attributes);
  if (problems.length > 0) throw new ValidationFailed({ password: problems });

  const settings = config();
  const password_hash = await hashPassword(password, settings.bcryptCost);
  const id = await allocateUserId();
  const profile: UserProfile = {
    id,
    ...attributes,
    profile_image: null,
    is_active: true,
    date_joined: new Date().toISOString(),
  };
  const pair = planSession(id, settings);
  const tokens = await issueOnceStored(pair, () =>
    createUser(
      { ...profile, username_key: usernameKey(profile.username), email_key: emailKey(profile.email), password_hash },
      pair.record,
    ),
  );
  count(Metric.Registered);
  return { ...publicProfile(profile), tokens };
}
