// A frozen clock for a test file: every test starts at t0; `at(ms)` moves on.
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * The present, to the second: where frozen clocks start. Never a fixed date: DynamoDB Local's TTL
 * deletes items whose expires_at has passed by the real clock, so items written at a past frozen
 * time would vanish under a test.
 */
export const now = (): number => Math.floor(Date.now() / 1000) * 1000;

export function frozenClock(t0: number): (ms: number) => void {
  beforeEach(() => {
    vi.useFakeTimers({ now: t0, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  return (ms) => vi.setSystemTime(t0 + ms);
}
