// Attempt counters: the rule a counter of login attempts follows, and what its state means at a
// given moment (counted, locked, or forgotten and due to start again). Pure arithmetic: the store
// turns the same rule into a DynamoDB condition (lockSteps), so both always agree.

export interface AttemptRule {
  /** Attempts counted before the counter locks. */
  limit: number;
  /** The lock once the limit is reached. */
  baseLockMs: number;
  /** Escalating rules double the lock with each further attempt, up to this. */
  maxLockMs: number;
  escalates: boolean;
  /** Quiet time, after any lock has ended, after which the count is forgotten. */
  windowMs: number;
}

export interface CounterState {
  attempts: number;
  /** Epoch ms of the last counted attempt. */
  lastMs: number;
}

/** The lock a counter at `attempts` imposes after its last attempt; 0 below the limit. */
export function lockMs(rule: AttemptRule, attempts: number): number {
  if (attempts < rule.limit) return 0;
  if (!rule.escalates) return rule.baseLockMs;
  // Past 2^31 the doubling no longer matters: the cap has long been reached.
  return Math.min(rule.baseLockMs * 2 ** Math.min(attempts - rule.limit, 31), rule.maxLockMs);
}

/** Whether the counter has been quiet long enough, after its lock, to start again from zero. */
export function isForgotten(rule: AttemptRule, state: CounterState, nowMs: number): boolean {
  return nowMs - state.lastMs >= lockMs(rule, state.attempts) + rule.windowMs;
}

/** Milliseconds until the counter lets an attempt through; 0 when it does now. */
export function lockedForMs(rule: AttemptRule, state: CounterState | undefined, nowMs: number): number {
  if (!state || state.attempts <= 0 || isForgotten(rule, state, nowMs)) return 0;
  return Math.max(0, state.lastMs + lockMs(rule, state.attempts) - nowMs);
}

export type Verdict = { kind: 'count' } | { kind: 'restart' } | { kind: 'locked'; forMs: number };

/**
 * What one more attempt does to a counter: it is counted on top (absent, empty, or live and
 * unlocked), it starts the count again (forgotten), or it is refused (locked).
 */
export function verdict(rule: AttemptRule, state: CounterState | undefined, nowMs: number): Verdict {
  if (!state || state.attempts <= 0) return { kind: 'count' };
  if (isForgotten(rule, state, nowMs)) return { kind: 'restart' };
  const forMs = lockedForMs(rule, state, nowMs);
  return forMs > 0 ? { kind: 'locked', forMs } : { kind: 'count' };
}

export interface LockStep {
  /** Counters at exactly this many attempts (or more, for the last step) … */
  attempts: number;
  andAbove: boolean;
  /** … are locked this long after their last attempt. */
  lockMs: number;
}

/**
 * The lock by attempt count at and above the limit, as finitely many steps: the condition of the
 * store's counting write is one disjunct per step (a condition cannot compute 2^n).
 */
export function lockSteps(rule: AttemptRule): LockStep[] {
  const steps: LockStep[] = [];
  for (let attempts = rule.limit; ; attempts += 1) {
    const lock = lockMs(rule, attempts);
    const final = !rule.escalates || lock >= rule.maxLockMs;
    steps.push({ attempts, andAbove: final, lockMs: lock });
    if (final) return steps;
  }
}

/** How long a counter must be kept after its last attempt (its TTL): the longest lock, then the window. */
export const counterLifetimeMs = (rule: AttemptRule): number => (rule.escalates ? rule.maxLockMs : rule.baseLockMs) + rule.windowMs;

/**
 * What a login attempt counter counts: one account, one client address, or one account tried from
 * one address. Accounts and addresses are pseudonyms (lib/auth/pseudonyms), never raw names.
 */
export type CounterSubject =
  { scope: 'account'; account: string } | { scope: 'address'; address: string } | { scope: 'pair'; account: string; address: string };

/** One counter an attempt is counted on, and the rule it follows. */
export type AttemptCounter = CounterSubject & { rule: AttemptRule };
