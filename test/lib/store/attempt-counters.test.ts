// Attempt counters against DynamoDB Local: the condition DynamoDB evaluates agrees with the
// domain's verdict in every state, bursts never pass more than the limit, restarts lose no count.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verdict, type AttemptCounter, type AttemptRule } from '../../../lib/domain/attempt-counter';
import { clearCounter, giveBackAttempt, readCounter, reserveAttempt } from '../../../lib/store/attempt-counters';
import { documentClient, tableName } from '../../../lib/store/client';
import { keys } from '../../../lib/store/keys';
import { now } from '../../support/clock';
import { useStackEnv } from '../../support/env';

beforeAll(() => useStackEnv());

// Real time: DynamoDB Local's TTL would delete counters stamped in the past.
const NOW = now();
const escalating: AttemptRule = { limit: 5, baseLockMs: 30_000, maxLockMs: 900_000, escalates: true, windowMs: 900_000 };
const flat: AttemptRule = { limit: 3, baseLockMs: 60_000, maxLockMs: 60_000, escalates: false, windowMs: 900_000 };
const spraying: AttemptRule = { ...escalating, limit: 100 };

let n = 0;
const counter = (rule: AttemptRule, scope = 'test'): AttemptCounter => ({ scope, subject: `${process.pid}x${Date.now()}x${(n += 1)}`, rule });

async function store(c: AttemptCounter, attempts: number, lastMs: number) {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...keys.loginAttempts(c.scope, c.subject), attempts, last_ms: lastMs } }));
}

describe('reserveAttempt against DynamoDB Local', () => {
  it('does in every state exactly what the domain verdict says (counts, restarts or refuses)', async () => {
    const states = fc.record({
      attempts: fc.integer({ min: 0, max: 14 }),
      // From "just now" to long forgotten, around every lock and window edge.
      ageMs: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(0, 29_999, 30_000, 59_999, 60_000, 899_999, 900_000, 929_999, 930_000, 1_799_999, 1_800_000)),
      flat: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(states, async ({ attempts, ageMs, flat: isFlat }) => {
        const c = counter(isFlat ? flat : escalating);
        const seen = { attempts, lastMs: NOW - ageMs };
        await store(c, attempts, seen.lastMs);
        const expected = verdict(c.rule, seen, NOW);
        const outcome = await reserveAttempt([c], NOW);
        const stored = await readCounter(c);
        if (expected.kind === 'locked') {
          expect(outcome).toEqual({ reserved: false, retryAfterMs: expected.forMs });
          expect(stored).toEqual(seen);
        } else {
          expect(outcome).toEqual({ reserved: true });
          expect(stored).toEqual({ attempts: expected.kind === 'restart' ? 1 : attempts + 1, lastMs: NOW });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lets exactly the limit through out of a burst of 20 on one counter', async () => {
    const c = counter(escalating);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => reserveAttempt([c], NOW)));
    expect(outcomes.filter((o) => o.reserved)).toHaveLength(5);
    expect(outcomes.filter((o) => !o.reserved)).toEqual(Array(15).fill({ reserved: false, retryAfterMs: 30_000 }));
    expect(await readCounter(c)).toEqual({ attempts: 5, lastMs: NOW });
  });

  it('loses no count of a burst that finds its counter forgotten: one attempt restarts it, the rest count on top', async () => {
    const c = counter(spraying);
    await store(c, 7, NOW - 3_600_000);
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => reserveAttempt([c], NOW)));
    expect(outcomes.every((o) => o.reserved)).toBe(true);
    expect(await readCounter(c)).toEqual({ attempts: 12, lastMs: NOW });
  });

  it('counts on every counter or on none: a locked one takes the others\' counts back', async () => {
    const open = counter(escalating);
    const alsoOpen = counter(flat);
    const locked = counter(flat);
    await store(open, 2, NOW - 1000);
    await store(locked, 3, NOW - 1000);
    expect(await reserveAttempt([open, alsoOpen, locked], NOW)).toEqual({ reserved: false, retryAfterMs: 59_000 });
    expect((await readCounter(open))?.attempts).toBe(2);
    expect((await readCounter(alsoOpen))?.attempts).toBe(0);
    expect(await readCounter(locked)).toEqual({ attempts: 3, lastMs: NOW - 1000 });
  });

  it('gives an attempt back without ever going below zero, and clears a whole run', async () => {
    const c = counter(escalating);
    await reserveAttempt([c], NOW);
    await giveBackAttempt(c);
    await giveBackAttempt(c);
    expect((await readCounter(c))?.attempts).toBe(0);
    await giveBackAttempt(counter(escalating));
    await reserveAttempt([c], NOW);
    await clearCounter(c);
    expect(await readCounter(c)).toBeUndefined();
  });
});
