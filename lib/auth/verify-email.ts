// Use case: prove an address with the verification link's key, or with the address and the typed
// code (dj-rest-auth's registration/verify-email/). Every way a secret can be wrong (unknown, used,
// superseded, expired, void after 5 tries, an address the account no longer claims) gets one answer.
import type { AppContext } from '../context';
import type { Verification, VerificationProof } from '../domain/email-verification';
import type { UserProfile } from '../domain/user';
import { ServiceUnavailable, UserExists, ValidationFailed } from '../errors';
import { Metric } from '../metrics';
import { withRetries } from '../retry';
import { emailKey, normaliseEmail } from '../users/email';
import { usernameKey } from '../users/username';
import { string, type Parsed } from '../validation';
import { pseudonyms } from './pseudonyms';
import { hashVerifyCode, hashVerifyToken, parseVerifyKey, sameHash } from './verify-secrets';
import { newEvent } from './security-log';

const optional = { default: '', allowBlank: true, maxLength: 256 };

export const verifyEmailInput = {
  key: string(optional),
  email: string({ ...optional, refine: (value) => (value === '' ? { ok: true, value } : normaliseEmail(value)) }),
  code: string(optional),
};

export const VERIFIED = { detail: 'ok' } as const;

export const INVALID_VERIFICATION = 'The verification link or code is invalid or has expired.';

const refused = (field: 'key' | 'code', reason: string) =>
  new ValidationFailed({ [field]: ['Invalid value'] }, INVALID_VERIFICATION, { reason });

/** What proving `addressKey` would do to this account now, or undefined if it no longer claims the address. */
export function verificationOf(user: UserProfile, addressKey: string): Verification | undefined {
  const base = { userId: user.id, usernameKey: user.username_key ?? usernameKey(user.username), emailKey: addressKey };
  if (user.pending_email_key === addressKey && user.pending_email !== undefined) {
    return { kind: 'change', ...base, email: user.pending_email, oldEmailKey: user.email_key };
  }
  if (user.email_key === addressKey && user.email_verified !== true) return { kind: 'confirm', ...base };
  return undefined;
}

interface Claim {
  userId: number;
  addressKey: string;
  proof: VerificationProof;
  field: 'key' | 'code';
}

async function claimByKey(ctx: AppContext, key: string, nowMs: number): Promise<Claim> {
  const parsed = parseVerifyKey(key);
  if (!parsed) throw refused('key', 'key is not one');
  const pending = await ctx.store.emailVerifications.findPendingVerification(parsed.userId);
  const tokenHash = hashVerifyToken(parsed.token);
  if (!pending || !sameHash(pending.token_hash, tokenHash)) throw refused('key', 'no such pending verification');
  if (pending.expires_ms <= nowMs) throw refused('key', 'verification expired');
  return { userId: parsed.userId, addressKey: pending.email_key, proof: { by: 'token', tokenHash }, field: 'key' };
}

async function claimByCode(ctx: AppContext, email: string, code: string, nowMs: number): Promise<Claim> {
  const secret = await ctx.tokens.pseudonymSecret();
  const addressKey = emailKey(email);
  const codeKey = pseudonyms(secret).email(addressKey);
  // Counted before the code is compared, in the write that reads it: parallel guesses cannot pass the cap.
  const attempt = await ctx.store.emailVerifications.takeCodeAttempt(codeKey, nowMs);
  if (!attempt) throw refused('code', 'no live code for this address');
  const codeHash = hashVerifyCode(secret, attempt.user_id, attempt.email_key, code);
  if (!/^[0-9]{8}$/.test(code) || !sameHash(attempt.code_hash, codeHash)) throw refused('code', `wrong code (try ${attempt.attempts})`);
  return { userId: attempt.user_id, addressKey: attempt.email_key, proof: { by: 'code', codeKey, codeHash }, field: 'code' };
}

class Stale extends Error {}

export async function verifyEmail(ctx: AppContext, input: Parsed<typeof verifyEmailInput>): Promise<typeof VERIFIED> {
  const byKey = input.key !== '';
  if (!byKey && (input.email === '' || input.code === '')) {
    // dj-rest-auth asks for the key; the code needs both its fields.
    const missing = input.email === '' && input.code === '' ? ['key'] : (['email', 'code'] as const).filter((f) => input[f] === '');
    throw new ValidationFailed(Object.fromEntries(missing.map((field) => [field, ['This field is required.']])));
  }
  const nowMs = Date.now();
  const claim = byKey ? await claimByKey(ctx, input.key, nowMs) : await claimByCode(ctx, input.email, input.code, nowMs);
  // The username can move (a rename) between the read and the write: read again then.
  const outcome = await withRetries(
    { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    (error) => error instanceof Stale,
    async () => {
      const user = await ctx.store.users.findUser(claim.userId);
      const verification = user?.is_active ? verificationOf(user, claim.addressKey) : undefined;
      if (!verification) throw refused(claim.field, 'the account no longer claims this address, or is inactive');
      // The account's security log records the proof in the same write.
      const event = newEvent(ctx, verification.kind === 'change' ? 'email_changed' : 'email_verified', nowMs);
      const result = await ctx.store.emailVerifications.verifyAddress(verification, claim.proof, nowMs, event);
      if (result === 'stale') throw new Stale();
      return { result, verification };
    },
  ).catch((error: unknown) => {
    throw error instanceof Stale ? new ServiceUnavailable('username kept moving during the verification') : error;
  });
  if (outcome.result === 'refused') throw refused(claim.field, 'secret spent, or the address changed meanwhile');
  // The person proved the address, so they may learn that another account took it first.
  if (outcome.result === 'taken') throw new UserExists(['email']);
  ctx.metrics.count(Metric.EmailVerified);
  ctx.log.info('security event: email verified', { event: 'email_verified', user_id: claim.userId, kind: outcome.verification.kind });
  return VERIFIED;
}
