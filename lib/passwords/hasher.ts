// The shape every password hasher of lib/passwords has: Django's hashers as data.
export interface Hasher {
  /** Django's algorithm name: the encoded hash's first `$`-separated field. */
  algorithm: string;
  /** Whether a stored hash is well-formed and within the work this service will spend on it. */
  check(encoded: string): { ok: true; cost?: number } | { ok: false; reason: string };
  /**
   * Only called on a hash `check` accepted. Constant-time: compares digests with timingSafeEqual
   * or the library's own constant-time check.
   */
  verify(password: string, encoded: string): Promise<boolean>;
}
