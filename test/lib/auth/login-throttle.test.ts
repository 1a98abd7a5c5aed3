import { describe, expect, it } from 'vitest';
import { counterHash, isStale, lockedForMs } from '../../../lib/auth/login-throttle';

const limits = { accountMaxFailures: 5, ipMaxFailures: 100, windowSeconds: 900, baseLockSeconds: 30, maxLockSeconds: 900 };
const at = (failures: number) => ({ failures, last_failure_ms: 1_000_000 });

describe('login throttle arithmetic', () => {
  it('does not lock below the limit', () => {
    expect(lockedForMs(at(4), 5, limits, 1_000_000)).toBe(0);
  });

  it('locks at the limit for the base time, then doubles per failure, up to the cap', () => {
    expect(lockedForMs(at(5), 5, limits, 1_000_000)).toBe(30_000);
    expect(lockedForMs(at(6), 5, limits, 1_000_000)).toBe(60_000);
    expect(lockedForMs(at(7), 5, limits, 1_000_000)).toBe(120_000);
    expect(lockedForMs(at(50), 5, limits, 1_000_000)).toBe(900_000);
  });

  it('counts the lock down, and unlocks by itself', () => {
    expect(lockedForMs(at(5), 5, limits, 1_010_000)).toBe(20_000);
    expect(lockedForMs(at(5), 5, limits, 1_030_000)).toBe(0);
  });

  it('forgets failures after a quiet window that starts when the lock ends', () => {
    expect(isStale(at(5), 5, limits, 1_000_000 + 30_000 + 900_000)).toBe(false);
    expect(isStale(at(5), 5, limits, 1_000_000 + 30_000 + 900_001)).toBe(true);
    expect(isStale(undefined, 5, limits, 0)).toBe(true);
  });

  it('keys counters by a fixed-length hash, not by the raw name or address', () => {
    expect(counterHash('ada')).toMatch(/^[0-9a-f]{64}$/);
    expect(counterHash('x'.repeat(4000))).toHaveLength(64);
  });
});
