// Fixed-window rate limits ("at most N per hour"): which window an instant falls in, and when it
// ends. A window is its own counter, so a new window needs no reset and no read: the first request
// in it creates the count.

export interface RateRule {
  limit: number;
  windowMs: number;
}

/** The window's number since the epoch: part of the counter's key. */
export const windowIndex = (rule: RateRule, nowMs: number): number => Math.floor(nowMs / rule.windowMs);

/** Epoch ms at which the window holding `nowMs` ends, and the count starts again. */
export const windowEndMs = (rule: RateRule, nowMs: number): number => (windowIndex(rule, nowMs) + 1) * rule.windowMs;
