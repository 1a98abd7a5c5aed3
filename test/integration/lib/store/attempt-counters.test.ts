// Attempt counters against DynamoDB Local: the condition DynamoDB evaluates agrees with the
// domain's verdict in every state, bursts never pass more than the limit, restarts lose no count.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdict, type AttemptCounter, type AttemptRule } from '../../../../lib/domain/attempt-counter';
import { attemptStore } from '../../../../lib/store/attempt-counters';
import type { CountOutcome } from '../../../../lib/store';
import { keys } from '../../../../lib/store/keys';
import { now } from '../../../support/clock';
import { testDb } from '../../../support/context';

const db = testDb();
const { clearCounter, countAttempt, readCounter, takeBack } = attemptStore(db);

// Real time: DynamoDB Local's TTL would delete counters stamped in the past.
const NOW = now();
const escalating: AttemptRule = { limit: 5, baseLockMs: 30_000, maxLockMs: 900_000, escalates: true, windowMs: 900_000 };
const flat: AttemptRule = { limit: 3, baseLockMs: 60_000, maxLockMs: 60_000, escalates: false, windowMs: 900_000 };
const spraying: AttemptRule = { ...escalating, limit: 100 };

let n = 0;
const counter = (rule: AttemptRule): AttemptCounter => ({
  scope: 'address',
  address: `test${process.pid}x${Date.now()}x${(n += 1)}`,
  rule,
});

async function store(c: AttemptCounter, attempts: number, lastMs: number) {
  await db.client.send(new PutCommand({ TableName: db.table, Item: { ...keys.loginAttempts(c), attempts, last_ms: lastMs } }));
}

/** Counts on every counter or, if any is locked, takes the others' counts back (login's way). */
async function reserve(counters: AttemptCounter[], nowMs: number) {
  const outcomes = await countAttempt(counters, nowMs);
  const locks = outcomes.flatMap((o) => (o.counted ? [] : [o.lockedForMs]));
  if (locks.length === 0) return { reserved: true as const, outcomes };
  await takeBack(outcomes.flatMap((o) => (o.counted ? [o.receipt] : [])));
  return { reserved: false as const, retryAfterMs: Math.max(...locks) };
}

const receipt = (outcome: CountOutcome | undefined) => (outcome?.counted ? outcome.receipt : undefined)!;

describe('countAttempt against DynamoDB Local', () => {
  it('does in every state exactly what the domain verdict says (counts, restarts or refuses)', async () => {
    const states = fc.record({
      attempts: fc.integer({ min: 0, max: 14 }),
      // From "just now" to long forgotten, around every lock and window edge.
      ageMs: fc.oneof(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom(0, 29_999, 30_000, 59_999, 60_000, 899_999, 900_000, 929_999, 930_000, 1_799_999, 1_800_000),
      ),
      flat: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(states, async ({ attempts, ageMs, flat: isFlat }) => {
        const c = counter(isFlat ? flat : escalating);
        const seen = { attempts, lastMs: NOW - ageMs };
        await store(c, attempts, seen.lastMs);
        const expected = verdict(c.rule, seen, NOW);
        const [outcome] = await countAttempt([c], NOW);
        const stored = await readCounter(c);
        if (expected.kind === 'locked') {
          expect(outcome).toEqual({ counted: false, lockedForMs: expected.forMs });
          expect(stored).toEqual(seen);
        } else {
          expect(outcome).toMatchObject({ counted: true, receipt: { previousMs: seen.lastMs } });
          expect(stored).toEqual({ attempts: expected.kind === 'restart' ? 1 : attempts + 1, lastMs: NOW });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lets exactly the limit through out of a burst of 20 on one counter', async () => {
    const c = counter(escalating);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => reserve([c], NOW)));
    expect(outcomes.filter((o) => o.reserved)).toHaveLength(5);
    expect(outcomes.filter((o) => !o.reserved)).toEqual(Array(15).fill({ reserved: false, retryAfterMs: 30_000 }));
    expect(await readCounter(c)).toEqual({ attempts: 5, lastMs: NOW });
  });

  it('loses no count of a burst that finds its counter forgotten: one attempt restarts it, the rest count on top', async () => {
    const c = counter(spraying);
    await store(c, 7, NOW - 3_600_000);
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => reserve([c], NOW)));
    expect(outcomes.every((o) => o.reserved)).toBe(true);
    expect(await readCounter(c)).toEqual({ attempts: 12, lastMs: NOW });
  });

  it("counts on every counter or on none: a locked one takes the others' counts back", async () => {
    const open = counter(escalating);
    const alsoOpen = counter(flat);
    const locked = counter(flat);
    await store(open, 2, NOW - 1000);
    await store(locked, 3, NOW - 1000);
    expect(await reserve([open, alsoOpen, locked], NOW)).toEqual({ reserved: false, retryAfterMs: 59_000 });
    // Taken back whole: the count, and the time of the last attempt, so no lock is re-armed.
    expect(await readCounter(open)).toEqual({ attempts: 2, lastMs: NOW - 1000 });
    expect((await readCounter(alsoOpen))?.attempts).toBe(0);
    expect(await readCounter(locked)).toEqual({ attempts: 3, lastMs: NOW - 1000 });
  });

  it("a take-back restores the last attempt's time, so a refused attempt never re-arms a lock", async () => {
    const c = counter(flat);
    // Locked at the limit 3, the lock long over: the counter lets one attempt through...
    await store(c, 3, NOW - 61_000);
    const [outcome] = await countAttempt([c], NOW);
    // ... which another counter refuses: taken back, the lock stays over.
    await takeBack([receipt(outcome)]);
    expect(await readCounter(c)).toEqual({ attempts: 3, lastMs: NOW - 61_000 });
    expect((await countAttempt([c], NOW + 1))[0]).toMatchObject({ counted: true });
  });

  it("a take-back leaves a later attempt's time alone, and never goes below zero", async () => {
    const c = counter(escalating);
    const [first] = await countAttempt([c], NOW);
    await countAttempt([c], NOW + 500);
    await takeBack([receipt(first)]);
    expect(await readCounter(c)).toEqual({ attempts: 1, lastMs: NOW + 500 });
    await takeBack([receipt(first), receipt(first)]);
    expect((await readCounter(c))?.attempts).toBe(0);
  });

  it('clears a whole run', async () => {
    const c = counter(escalating);
    await countAttempt([c], NOW);
    await clearCounter(c);
    expect(await readCounter(c)).toBeUndefined();
  });
});
