// Pseudonyms for accounts and addresses: what failure counters are keyed by and what logs name.
// An HMAC under the stage's secret (kept with the signing keys), so that a table or log reader
// cannot recover a username or address from them by hashing a dictionary, as with a plain hash.
import { createHmac } from 'node:crypto';

export interface Pseudonyms {
  /** An account by its username key (whether or not it exists). */
  account(usernameKey: string): string;
  /** A limited client address (lib/domain/client-address). */
  address(address: string): string;
  /** One account tried from one address. */
  pair(usernameKey: string, address: string): string;
  /** An email address by its key (rate limits and reset codes; whether or not an account holds it). */
  email(emailKey: string): string;
  /** An account by its pk (rate limits of signed-in actions). */
  user(userId: number): string;
}

export function pseudonyms(secret: Buffer): Pseudonyms {
  // The purpose is part of the input, so one subject's pseudonyms differ between purposes; a
  // NUL cannot occur in a username key or an address, so no two inputs collide.
  const of = (...parts: string[]) => createHmac('sha256', secret).update(parts.join('\u0000')).digest('base64url');
  return {
    account: (usernameKey) => of('account', usernameKey),
    address: (address) => of('address', address),
    pair: (usernameKey, address) => of('pair', usernameKey, address),
    email: (emailKey) => of('email', emailKey),
    user: (userId) => of('user', String(userId)),
  };
}
