// Trying again: exponential backoff with full jitter, within a bounded number of attempts. Every
// retried call of the service goes through here (DynamoDB conflicts and partial batches, SSM,
// the Django import).
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first backoff's ceiling; each further one doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** A random wait in [0, min(max, base × 2^attempt)] (full jitter: retries of a burst spread out). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/**
 * Runs `operation` until it succeeds, `retryable` says its error is final, or the attempts are
 * spent (the last error is thrown). `operation` gets the attempt's number, from 1.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  retryable: (error: unknown) => boolean,
  operation: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      await sleep(backoffMs(policy, attempt));
    }
  }
}
