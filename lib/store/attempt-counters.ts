// Attempt counters in the table (login's brute-force limits): an attempt is counted before the
// password is checked, by one conditional write per counter that also refuses once the counter is
// locked, so that of any number of simultaneous attempts at most the limit get through.
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { counterLifetimeMs, lockSteps, verdict, type AttemptCounter, type CounterState, type Verdict } from '../domain/attempt-counter';
import { ServiceUnavailable } from '../errors';
import type { Db } from './client';
import { keys } from './keys';
import { isConditionalCheckFailed, refusedItem } from './translate';

/**
 * Proof that one counter counted one attempt: the stamp it wrote (random, so a later take-back can
 * tell whether anyone counted since) and the time of the attempt before it.
 */
export interface CountReceipt {
  counter: AttemptCounter;
  stamp: string;
  previousMs: number;
  /** The count this attempt made (1 when it started the count again). */
  attempts: number;
}

export type CountOutcome = { counted: true; receipt: CountReceipt } | { counted: false; lockedForMs: number };

/** How often one counter's write is tried again when the counter changed under it (a restart raced). */
const MAX_TRIES = 4;

/**
 * A stamp unique to one counted attempt, written beside its time. A take-back restores the previous
 * time only while the counter still carries this stamp, so it can never re-arm a lock, nor undo a
 * later attempt's time.
 */
const newStamp = () => randomBytes(9).toString('base64url');

/**
 * Counts on top of the stored count, if the rule lets one more attempt through now: the domain's
 * verdict written as a condition, one disjunct per lock step (lockSteps). A forgotten counter fails
 * this condition too, and is restarted by `restartCommand` instead.
 */
function countCommand(db: Db, counter: AttemptCounter, nowMs: number, stamp: string) {
  const { rule } = counter;
  const values: Record<string, number> = { ':zero': 0, ':limit': rule.limit, ':fresh_after': nowMs - rule.windowMs };
  const allowed = ['attribute_not_exists(pk)', 'attempts <= :zero', '(attempts < :limit AND last_ms > :fresh_after)'];
  lockSteps(rule).forEach((step, i) => {
    Object.assign(values, {
      [`:n${i}`]: step.attempts,
      [`:unlocked${i}`]: nowMs - step.lockMs,
      [`:kept${i}`]: nowMs - step.lockMs - rule.windowMs,
    });
    allowed.push(`(attempts ${step.andAbove ? '>=' : '='} :n${i} AND last_ms <= :unlocked${i} AND last_ms > :kept${i})`);
  });
  return new UpdateCommand({
    TableName: db.table,
    Key: keys.loginAttempts(counter),
    UpdateExpression: 'ADD attempts :one SET last_ms = :now, stamp = :stamp, expires_at = :expires_at, #type = :type',
    ConditionExpression: allowed.join(' OR '),
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ...values, ...stampValues(counter, nowMs, stamp) },
    ReturnValues: 'ALL_OLD',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/**
 * Starts a forgotten count again at this attempt, only if the counter is still exactly as seen:
 * when several attempts of a burst find it forgotten, one restarts it and the others, refused
 * here, count on top, so no attempt of the burst is lost.
 */
function restartCommand(db: Db, counter: AttemptCounter, nowMs: number, stamp: string, seen: CounterState) {
  return new UpdateCommand({
    TableName: db.table,
    Key: keys.loginAttempts(counter),
    UpdateExpression: 'SET attempts = :one, last_ms = :now, stamp = :stamp, expires_at = :expires_at, #type = :type',
    ConditionExpression: 'attempts = :seen_attempts AND last_ms = :seen_last_ms',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':seen_attempts': seen.attempts, ':seen_last_ms': seen.lastMs, ...stampValues(counter, nowMs, stamp) },
    ReturnValues: 'ALL_OLD',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

const stampValues = (counter: AttemptCounter, nowMs: number, stamp: string) => ({
  ':one': 1,
  ':now': nowMs,
  ':stamp': stamp,
  ':expires_at': Math.ceil((nowMs + counterLifetimeMs(counter.rule)) / 1000),
  ':type': 'login_attempts',
});

function stateOf(item: Record<string, unknown> | undefined): CounterState | undefined {
  return item ? { attempts: Number(item.attempts ?? 0), lastMs: Number(item.last_ms ?? 0) } : undefined;
}

/** Counts one attempt on one counter, or says how long it is locked. */
async function countOne(db: Db, counter: AttemptCounter, nowMs: number): Promise<CountOutcome> {
  let next: Verdict = { kind: 'count' };
  let seen: CounterState | undefined;
  for (let tries = 0; tries < MAX_TRIES; tries += 1) {
    const stamp = newStamp();
    try {
      const command = next.kind === 'restart' ? restartCommand(db, counter, nowMs, stamp, seen!) : countCommand(db, counter, nowMs, stamp);
      const { Attributes } = await db.client.send(command);
      const before = stateOf(Attributes);
      const attempts = next.kind === 'restart' ? 1 : (before?.attempts ?? 0) + 1;
      return { counted: true, receipt: { counter, stamp, previousMs: before?.lastMs ?? 0, attempts } };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      seen = stateOf(refusedItem(error));
      next = verdict(counter.rule, seen, nowMs);
      if (next.kind === 'locked') return { counted: false, lockedForMs: next.forMs };
    }
  }
  throw new ServiceUnavailable('attempt counter kept changing');
}

/**
 * Takes a counted attempt back (refused by another counter, or a success): one fewer attempt and,
 * if nobody counted since, the previous stamp again, so a taken-back attempt neither re-arms a
 * lock nor keeps the count from being forgotten. Never retried by the SDK: a timed-out take-back
 * may have been applied, and a second would undercount.
 */
async function takeBackOne(db: Db, { counter, stamp, previousMs }: CountReceipt): Promise<void> {
  const client = db.unretried;
  const Key = keys.loginAttempts(counter);
  try {
    await client.send(
      new UpdateCommand({
        TableName: db.table,
        Key,
        UpdateExpression: 'ADD attempts :minus_one SET last_ms = :previous REMOVE stamp',
        ConditionExpression: 'stamp = :stamp AND attempts > :zero',
        ExpressionAttributeValues: { ':minus_one': -1, ':previous': previousMs, ':stamp': stamp, ':zero': 0 },
      }),
    );
    return;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  try {
    // Another attempt was counted since: its stamp stands; only the count goes back.
    await client.send(
      new UpdateCommand({
        TableName: db.table,
        Key,
        UpdateExpression: 'ADD attempts :minus_one',
        ConditionExpression: 'attempts > :zero',
        ExpressionAttributeValues: { ':minus_one': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    // Already empty or gone: nothing to take back.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

async function takeBackAll(db: Db, receipts: CountReceipt[]): Promise<void> {
  await Promise.allSettled(receipts.map((receipt) => takeBackOne(db, receipt)));
}

export function attemptStore(db: Db) {
  return {
    /** Counts one attempt on every counter, side by side (single-item writes never conflict with one another). */
    async countAttempt(counters: AttemptCounter[], nowMs: number): Promise<CountOutcome[]> {
      const outcomes = await Promise.allSettled(counters.map((counter) => countOne(db, counter, nowMs)));
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        // A counter could not be reached: take back what the others counted, then fail closed.
        await takeBackAll(
          db,
          outcomes.flatMap((o) => (o.status === 'fulfilled' && o.value.counted ? [o.value.receipt] : [])),
        );
        throw failed.reason;
      }
      return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<CountOutcome>).value);
    },

    /** Takes back every receipt's attempt; a take-back that fails leaves a count too high, which only refuses sooner. */
    takeBack: (receipts: CountReceipt[]): Promise<void> => takeBackAll(db, receipts),

    /** Forgets a counter's whole run (a success on the pair). */
    async clearCounter(counter: AttemptCounter): Promise<void> {
      await db.client.send(new DeleteCommand({ TableName: db.table, Key: keys.loginAttempts(counter) }));
    },

    /**
     * Forgets every failure of an account, its own count and each address's pair (a password reset
     * or change: the owner is back in control). Trusted addresses stay.
     */
    async clearAccount(account: string): Promise<void> {
      const partition = keys.loginAttempts({ scope: 'account', account }).pk;
      const { Items = [] } = await db.client.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ProjectionExpression: 'pk, sk',
          Limit: 1000,
        }),
      );
      const counters = Items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })).filter(
        ({ sk }) => sk === 'COUNTER' || sk.startsWith('PAIR#'),
      );
      await Promise.all(counters.map((Key) => db.client.send(new DeleteCommand({ TableName: db.table, Key }))));
    },

    /** Remembers a successful login from this address until `untilMs` (read by the login state). */
    async trustAddress(account: string, address: string, untilMs: number): Promise<void> {
      await db.client.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            ...keys.trustedAddress(account, address),
            type: 'trusted_address',
            trusted_until_ms: untilMs,
            expires_at: Math.ceil(untilMs / 1000),
          },
        }),
      );
    },

    /** A counter as stored (tests, operators); undefined when absent. */
    async readCounter(counter: AttemptCounter): Promise<CounterState | undefined> {
      const { Item } = await db.client.send(
        new GetCommand({ TableName: db.table, Key: keys.loginAttempts(counter), ConsistentRead: true }),
      );
      return stateOf(Item);
    },
  };
}

export type AttemptStore = ReturnType<typeof attemptStore>;
