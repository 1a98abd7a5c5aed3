// A frozen clock for a test file: every test starts at t0 with the given settings; `at(ms)` moves on.
import { afterEach, beforeEach, vi } from 'vitest';
import { useStackEnv } from './env';

export function frozenClock(t0: number, settings: Record<string, string> = {}): (ms: number) => void {
  beforeEach(() => {
    useStackEnv(settings);
    vi.useFakeTimers({ now: t0, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  return (ms) => vi.setSystemTime(t0 + ms);
}
