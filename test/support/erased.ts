// Scans the whole table for anything of one user: their partition, their id in any attribute, their
// username, email or any pseudonym of them anywhere (what an erasure must leave none of).
import { pseudonyms } from '../../lib/auth/pseudonyms';
import { scanAll } from '../../lib/store/scan-all';
import { emailKey } from '../../lib/users/email';
import { testContext, testDb } from './context';

export interface ErasedSubject {
  userId: number;
  username: string;
  usernameKey: string;
  email: string;
}

/** Every string and number anywhere in an item, with the attribute name it sits under. */
function* leaves(value: unknown, name = ''): Generator<[string, unknown]> {
  if (value instanceof Set) for (const v of value) yield* leaves(v, name);
  else if (Array.isArray(value)) for (const v of value) yield* leaves(v, name);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* leaves(v, k);
  else yield [name, value];
}

export async function itemsOfUser(subject: ErasedSubject): Promise<Record<string, unknown>[]> {
  const ctx = testContext();
  const names = pseudonyms(await ctx.tokens.pseudonymSecret());
  const email = emailKey(subject.email);
  const exact = new Set([subject.username, subject.usernameKey, subject.email, email].map((s) => s.toLowerCase()));
  const pseudonymsOf = [names.account(subject.usernameKey), names.user(subject.userId), names.email(email)];
  const id = String(subject.userId);
  const ownKey = new RegExp(`(USER#|images/|uploads/)${id}(?![0-9])`);
  const found: Record<string, unknown>[] = [];
  for await (const item of scanAll(testDb())) {
    const mine = [...leaves(item)].some(([name, value]) => {
      if ((name === 'user_id' || name === 'id') && String(value) === id) return true;
      if (typeof value !== 'string') return false;
      if (exact.has(value.toLowerCase()) || ownKey.test(value)) return true;
      // Keys like USERNAME#<key>, EMAIL#<key>, LOGIN_ATTEMPTS#account#<pseudonym>, RATE#…#<pseudonym>.
      return value.split('#').some((part) => exact.has(part.toLowerCase()) || pseudonymsOf.includes(part));
    });
    if (mine) found.push(item);
  }
  return found;
}
