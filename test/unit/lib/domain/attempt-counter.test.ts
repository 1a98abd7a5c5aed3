// The attempt-counter arithmetic: locks that grow and cap, expire by themselves, and are forgotten.
import { describe, expect, it } from 'vitest';
import {
  counterLifetimeMs,
  isForgotten,
  lockedForMs,
  lockMs,
  lockSteps,
  verdict,
  type AttemptRule,
} from '../../../../lib/domain/attempt-counter';

const escalating: AttemptRule = { limit: 5, baseLockMs: 30_000, maxLockMs: 900_000, escalates: true, windowMs: 900_000 };
const flat: AttemptRule = { limit: 50, baseLockMs: 60_000, maxLockMs: 60_000, escalates: false, windowMs: 900_000 };
const at = (attempts: number) => ({ attempts, lastMs: 1_000_000 });

describe('attempt counter arithmetic', () => {
  it('does not lock below the limit', () => {
    expect(lockedForMs(escalating, at(4), 1_000_000)).toBe(0);
    expect(verdict(escalating, at(4), 1_000_000)).toEqual({ kind: 'count' });
  });

  it('locks at the limit for the base time, then doubles per attempt, up to the cap', () => {
    expect([5, 6, 7, 9, 10, 50].map((n) => lockMs(escalating, n))).toEqual([30_000, 60_000, 120_000, 480_000, 900_000, 900_000]);
    expect(verdict(escalating, at(6), 1_000_000)).toEqual({ kind: 'locked', forMs: 60_000 });
  });

  it('never escalates a flat rule', () => {
    expect([50, 51, 500].map((n) => lockMs(flat, n))).toEqual([60_000, 60_000, 60_000]);
    expect(lockSteps(flat)).toEqual([{ attempts: 50, andAbove: true, lockMs: 60_000 }]);
  });

  it('counts the lock down, and unlocks by itself', () => {
    expect(lockedForMs(escalating, at(5), 1_010_000)).toBe(20_000);
    expect(lockedForMs(escalating, at(5), 1_030_000)).toBe(0);
    expect(verdict(escalating, at(5), 1_030_000)).toEqual({ kind: 'count' });
  });

  it('forgets the count after a quiet window that starts when the lock ends, and then starts again', () => {
    expect(isForgotten(escalating, at(5), 1_000_000 + 30_000 + 899_999)).toBe(false);
    expect(isForgotten(escalating, at(5), 1_000_000 + 30_000 + 900_000)).toBe(true);
    expect(verdict(escalating, at(5), 1_000_000 + 930_000)).toEqual({ kind: 'restart' });
    expect(verdict(escalating, at(2), 1_000_000 + 900_000)).toEqual({ kind: 'restart' });
  });

  it('counts on top of an absent or emptied counter, however old', () => {
    expect(verdict(escalating, undefined, 0)).toEqual({ kind: 'count' });
    expect(verdict(escalating, { attempts: 0, lastMs: 0 }, 10 ** 12)).toEqual({ kind: 'count' });
  });

  it('lists one lock step per doubling, the last holding for every count above it', () => {
    expect(lockSteps(escalating)).toEqual([
      { attempts: 5, andAbove: false, lockMs: 30_000 },
      { attempts: 6, andAbove: false, lockMs: 60_000 },
      { attempts: 7, andAbove: false, lockMs: 120_000 },
      { attempts: 8, andAbove: false, lockMs: 240_000 },
      { attempts: 9, andAbove: false, lockMs: 480_000 },
      { attempts: 10, andAbove: true, lockMs: 900_000 },
    ]);
  });

  it('keeps a counter as long as its longest lock and the window after it', () => {
    expect(counterLifetimeMs(escalating)).toBe(1_800_000);
    expect(counterLifetimeMs(flat)).toBe(960_000);
  });
});
