// Use case: create an account (Django's validation rules) and sign the user straight in, at most
// REGISTER_IP_MAX_ATTEMPTS times per source address and window; the address's verification mail is
// queued in the account's own write (ACCOUNT_EMAIL_VERIFICATION).
import type { AppContext } from '../context';
import { limitedAddress } from '../domain/client-address';
import type { UserProfile } from '../domain/user';
import { RateLimited, UserExists, ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { hashPassword } from '../passwords';
import { emailKey, normaliseEmail } from '../users/email';
import { NAME_MAX_LENGTH, visibleName } from '../users/names';
import { PASSWORD_MAX_LENGTH, passwordProblems } from '../users/password-policy';
import { newUsername, usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { publicProfile, type PublicProfile } from './profile';
import { deviceUse, type DeviceRequest } from './device';
import { pseudonyms } from './pseudonyms';
import { newEvent } from './security-log';
import { issueOnceStored, planSession, type TokenPair } from './token-pair';

export const registerInput = {
  username: string({ refine: newUsername }),
  email: string({ refine: normaliseEmail }),
  password: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
  first_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
  last_name: string({ default: '', allowBlank: true, maxLength: NAME_MAX_LENGTH, refine: visibleName }),
};

export type RegisterRequest = DeviceRequest;

/** The register response's `content`: exactly the seed's keys. */
export interface Registered extends PublicProfile {
  tokens: TokenPair;
}

export async function register(ctx: AppContext, input: Parsed<typeof registerInput>, request: RegisterRequest): Promise<Registered> {
  const { sourceIp } = request;
  const { config, store } = ctx;
  const { password, ...attributes } = input;
  const problems = passwordProblems(password, attributes);
  if (problems.length > 0) throw new ValidationFailed({ password: problems });

  // Counted before any work: a registration costs a password hash and a pk, and tells whether a
  // username or email is taken (Django's 400s, kept for compatibility), so it is rationed.
  const { maxAttempts, windowSeconds } = config.registerThrottle;
  const address = pseudonyms(await ctx.tokens.pseudonymSecret()).address(limitedAddress(sourceIp));
  const window = await store.rateWindows.takeFromWindow(
    'register',
    address,
    { limit: maxAttempts, windowMs: windowSeconds * 1000 },
    Date.now(),
  );
  if (!window.allowed) throw new RateLimited(Math.ceil(window.retryAfterMs / 1000));

  // The id is taken while bcrypt runs: the hash is CPU, the counter is I/O.
  const [password_hash, id] = await Promise.all([hashPassword(password, config.bcryptCost), store.users.allocateUserId()]);
  // No client sets email_verified: only the schema's fields are read, and an address starts unproven.
  const profile: UserProfile = {
    id,
    ...attributes,
    profile_image: null,
    is_active: true,
    email_verified: false,
    date_joined: new Date().toISOString(),
  };
  const key = emailKey(profile.email);
  const mail = config.emailVerification.mode === 'none' ? undefined : ({ kind: 'verify_email', email_key: key, user_id: id } as const);
  const pair = planSession(ctx.tokens, id);
  const tokens = await issueOnceStored(pair, async () => {
    const outcome = await store.users.registerUser(
      { ...profile, username_key: usernameKey(profile.username), email_key: key, password_hash },
      pair.record,
      deviceUse(request, Date.now()),
      newEvent(ctx, 'registered', Date.now(), request, { sid: pair.record.sid }),
      mail,
    );
    if (!outcome.created) throw new UserExists(outcome.taken);
  });
  ctx.metrics.count(Metric.Registered);
  return { ...publicProfile(profile), tokens };
}
