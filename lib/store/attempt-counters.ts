// Attempt counters in the table (login's brute-force limits): an attempt is counted before the
// password is checked, by one conditional write per counter that also refuses once the counter is
// locked, so that of any number of simultaneous attempts at most the limit get through.
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { counterLifetimeMs, lockSteps, verdict, type AttemptCounter, type AttemptRule, type CounterState, type Verdict } from '../domain/attempt-counter';
import { ServiceUnavailable } from '../errors';
import { documentClient, tableName } from './client';
import { keys } from './keys';
import { isConditionalCheckFailed, refusedItem } from './translate';

export type Reservation = { reserved: true } | { reserved: false; retryAfterMs: number };

/** How often one counter's write is tried again when the counter changed under it (a restart raced). */
const MAX_TRIES = 4;

/**
 * Counts on top of the stored count, if the rule lets one more attempt through now: the domain's
 * verdict written as a condition, one disjunct per lock step (lockSteps). A forgotten counter fails
 * this condition too, and is restarted by `restartCommand` instead.
 */
function countCommand({ scope, subject, rule }: AttemptCounter, nowMs: number) {
  const values: Record<string, number> = { ':zero': 0, ':limit': rule.limit, ':fresh_after': nowMs - rule.windowMs };
  const allowed = ['attribute_not_exists(pk)', 'attempts <= :zero', '(attempts < :limit AND last_ms > :fresh_after)'];
  lockSteps(rule).forEach((step, i) => {
    Object.assign(values, { [`:n${i}`]: step.attempts, [`:unlocked${i}`]: nowMs - step.lockMs, [`:kept${i}`]: nowMs - step.lockMs - rule.windowMs });
    allowed.push(`(attempts ${step.andAbove ? '>=' : '='} :n${i} AND last_ms <= :unlocked${i} AND last_ms > :kept${i})`);
  });
  return new UpdateCommand({
    TableName: tableName(),
    Key: keys.loginAttempts(scope, subject),
    UpdateExpression: 'ADD attempts :one SET last_ms = :now, expires_at = :expires_at, #type = :type',
    ConditionExpression: allowed.join(' OR '),
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ...values, ...stamp(rule, nowMs) },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/**
 * Starts a forgotten count again at this attempt, only if the counter is still exactly as seen:
 * when several attempts of a burst find it forgotten, one restarts it and the others, refused
 * here, count on top, so no attempt of the burst is lost.
 */
function restartCommand({ scope, subject, rule }: AttemptCounter, nowMs: number, seen: CounterState) {
  return new UpdateCommand({
    TableName: tableName(),
    Key: keys.loginAttempts(scope, subject),
    UpdateExpression: 'SET attempts = :one, last_ms = :now, expires_at = :expires_at, #type = :type',
    ConditionExpression: 'attempts = :seen_attempts AND last_ms = :seen_last_ms',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':seen_attempts': seen.attempts, ':seen_last_ms': seen.lastMs, ...stamp(rule, nowMs) },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

const stamp = (rule: AttemptRule, nowMs: number) => ({
  ':one': 1,
  ':now': nowMs,
  ':expires_at': Math.ceil((nowMs + counterLifetimeMs(rule)) / 1000),
  ':type': 'login_attempts',
});

function stateOf(item: Record<string, unknown> | undefined): CounterState | undefined {
  return item ? { attempts: Number(item.attempts ?? 0), lastMs: Number(item.last_ms ?? 0) } : undefined;
}

/** Counts one attempt on one counter, or says how long it is locked. */
async function reserveOne(counter: AttemptCounter, nowMs: number): Promise<{ counted: true } | { counted: false; lockedForMs: number }> {
  let next: Verdict = { kind: 'count' };
  let seen: CounterState | undefined;
  for (let tries = 0; tries < MAX_TRIES; tries += 1) {
    try {
      await documentClient().send(next.kind === 'restart' ? restartCommand(counter, nowMs, seen!) : countCommand(counter, nowMs));
      return { counted: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      seen = stateOf(refusedItem(error));
      next = verdict(counter.rule, seen, nowMs);
      if (next.kind === 'locked') return { counted: false, lockedForMs: next.forMs };
    }
  }
  throw new ServiceUnavailable('attempt counter kept changing');
}

/** Takes back one counted attempt (an attempt refused elsewhere, or one that succeeded). */
export async function giveBackAttempt({ scope, subject }: AttemptCounter): Promise<void> {
  try {
    // Never retried: a timed-out take-back may have been applied, and a second would undercount.
    await documentClient({ retries: false }).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.loginAttempts(scope, subject),
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

/** Forgets a counter's whole run (a success on the pair). */
export async function clearCounter({ scope, subject }: AttemptCounter): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: keys.loginAttempts(scope, subject) }));
}

/**
 * Counts one attempt on every counter, or on none: each counter is written on its own (single-item
 * writes never conflict with one another, so a burst is not turned into retries), and if any is
 * locked the others' counts are taken back. Until they are, a concurrent attempt may see one count
 * too many: the error is always on the side of refusing.
 */
export async function reserveAttempt(counters: AttemptCounter[], nowMs: number): Promise<Reservation> {
  const outcomes = await Promise.allSettled(counters.map((counter) => reserveOne(counter, nowMs)));
  const counted = counters.filter((_, i) => {
    const outcome = outcomes[i]!;
    return outcome.status === 'fulfilled' && outcome.value.counted;
  });
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  const locks = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' && !outcome.value.counted ? [outcome.value.lockedForMs] : []));
  if (!failed && locks.length === 0) return { reserved: true };
  await Promise.allSettled(counted.map(giveBackAttempt));
  if (failed) throw failed.reason;
  return { reserved: false, retryAfterMs: Math.max(...locks) };
}

/** A counter as stored (tests, operators); undefined when absent. */
export async function readCounter({ scope, subject }: AttemptCounter): Promise<CounterState | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.loginAttempts(scope, subject), ConsistentRead: true }));
  return stateOf(Item);
}
