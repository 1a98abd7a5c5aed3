// Use case: create an account (Django's validation rules) and sign the user straight in, at most
// REGISTER_IP_MAX_ATTEMPTS times per source address and window.
import { config } from '../config';
import { limitedAddress } from '../domain/client-address';
import { RateLimited, ValidationFailed } from '../errors';
import { count, Metric } from '../metrics';
import { hashPassword } from '../passwords';
import { takeFromWindow } from '../store/rate-windows';
import { allocateUserId, createUser, type UserProfile } from '../store/users';
import { pseudonymSecret } from '../tokens';
import { normaliseEmail, emailKey } from '../users/email';
import { NAME_MAX_LENGTH, visibleName } from '../users/names';
import { passwordProblems, PASSWORD_MAX_LENGTH } from '../users/password-policy';
import { newUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { publicProfile, type PublicProfile } from './profile';
import { pseudonyms } from './pseudonyms';
import { issueOnceStored, planSession, type TokenPair } from './token-pair';

export const registerInput = {
  username: string({ refine: newUsername }),
  email: string({ refine: normaliseEmail }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
  first_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
  last_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
};

export interface RegisterContext {
  /** From API Gateway's request context, never from X-Forwarded-For (which the client writes). */
  sourceIp: string;
}

/** The register response's `content`: exactly the seed's keys. */
export interface Registered extends PublicProfile {
  tokens: TokenPair;
}

export async function register(input: Parsed<typeof registerInput>, { sourceIp }: RegisterContext): Promise<Registered> {
  const { password, ...attributes } = input;
  const problems = passwordProblems(password, attributes);
  if (problems.length > 0) throw new ValidationFailed({ password: problems });

  const settings = config();
  // Counted before any work: a registration costs a password hash and a pk, and tells whether a
  // username or email is taken (Django's 400s, kept for compatibility), so it is rationed.
  const { maxAttempts, windowSeconds } = settings.registerThrottle;
  const address = pseudonyms(await pseudonymSecret(settings)).address(limitedAddress(sourceIp));
  const window = await takeFromWindow('register', address, { limit: maxAttempts, windowMs: windowSeconds * 1000 }, Date.now());
  if (!window.allowed) throw new RateLimited(Math.ceil(window.retryAfterMs / 1000));

  // The id is taken while bcrypt runs: the hash is CPU, the counter is I/O.
  const [password_hash, id] = await Promise.all([hashPassword(password, settings.bcryptCost), allocateUserId()]);
  const profile: UserProfile = {
    id,
    ...attributes,
    profile_image: null,
    is_active: true,
    date_joined: new Date().toISOString(),
  };
  const pair = planSession(id, settings);
  const tokens = await issueOnceStored(pair, () =>
    createUser({ ...profile, username_key: usernameKey(profile.username), email_key: emailKey(profile.email), password_hash }, pair.record),
  );
  count(Metric.Registered);
  return { ...publicProfile(profile), tokens };
}
