// Brute-force arithmetic: when a failure counter locks login, for how long, and when it is forgotten.
// The lock grows with each failure past the limit, is capped, and always expires by itself, so an
// attacker can slow a victim's logins but never lock them out for good.
import { createHash } from 'node:crypto';
import type { Config } from '../config';

export interface FailureCounter {
  failures: number;
  last_failure_ms: number;
}

type Settings = Config['loginThrottle'];

/** Counters are keyed by hash: fixed length, and no raw username or address kept for failures. */
export const counterHash = (subject: string) => createHash('sha256').update(subject).digest('hex');

function lockMs(failures: number, limit: number, s: Settings): number {
  if (failures < limit) return 0;
  return Math.min(s.baseLockSeconds * 2 ** (failures - limit), s.maxLockSeconds) * 1000;
}

/** Whether the counter has been quiet long enough (after its lock) to start again from zero. */
export function isStale(counter: FailureCounter | undefined, limit: number, s: Settings, nowMs: number): boolean {
  if (!counter) return true;
  return nowMs > counter.last_failure_ms + lockMs(counter.failures, limit, s) + s.windowSeconds * 1000;
}

/** Milliseconds until this counter lets a login through; 0 when it does now. */
export function lockedForMs(counter: FailureCounter | undefined, limit: number, s: Settings, nowMs: number): number {
  if (!counter || isStale(counter, limit, s, nowMs)) return 0;
  return Math.max(0, counter.last_failure_ms + lockMs(counter.failures, limit, s) - nowMs);
}

/** How long a counter item must outlive its last failure (its TTL). */
export const counterLifetimeSeconds = (s: Settings) => s.maxLockSeconds + s.windowSeconds;
