// Writing several items together or not at all (TransactWriteItems; a single write goes alone, at
// half the cost), with the two outcomes every caller needs: which named writes a failed condition
// refused, with the item each saw, or a bounded retry while another transaction is in flight.
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable } from '../errors';
import { withRetries } from '../retry';
import type { Db } from './client';
import { IS_NEW_ITEM } from './conditions';
import { cancellationCodes, cancelledItems, isConditionalCheckFailed, isTransactionConflict, refusedItem } from './translate';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write of a group, named so that a refusal says which write it was, not at which position. */
export interface NamedWrite {
  name: string;
  write: TransactItem;
}

/** On refusal: each refused write's name, with the item it saw (when it asked for ALL_OLD). */
export type WriteOutcome = { written: true } | { written: false; refused: ReadonlyMap<string, Record<string, unknown> | undefined> };

/** Conflicts with another transaction in flight clear within milliseconds; five tries, jittered. */
const CONFLICTS = { attempts: 5, baseDelayMs: 20, maxDelayMs: 320 };

/**
 * A single write is as atomic on its own, and as a plain Put, Update or Delete it costs half the
 * write units of a transaction (1 WCU per KB instead of 2) and answers sooner.
 */
function writeCommand(items: TransactItem[]) {
  const [only] = items;
  if (items.length === 1 && only) {
    if (only.Put) return new PutCommand(only.Put);
    if (only.Update) return new UpdateCommand(only.Update);
    if (only.Delete) return new DeleteCommand(only.Delete);
  }
  return new TransactWriteCommand({ TransactItems: items });
}

/** The reason code of each item, in request order, if the write was refused; else undefined. */
function refusalCodes(error: unknown): (string | undefined)[] | undefined {
  if (isConditionalCheckFailed(error)) return ['ConditionalCheckFailed'];
  if (isTransactionConflict(error)) return ['TransactionConflict'];
  return cancellationCodes(error);
}

/** The items refused writes saw, in request order. */
function seenItems(error: unknown): (Record<string, unknown> | undefined)[] {
  return isConditionalCheckFailed(error) ? [refusedItem(error)] : cancelledItems(error);
}

class Conflict extends Error {}

export async function writeTogether(db: Db, writes: NamedWrite[]): Promise<WriteOutcome> {
  const command = writeCommand(writes.map((w) => w.write));
  try {
    return await withRetries(
      CONFLICTS,
      (error) => error instanceof Conflict,
      async () => {
        try {
          await db.client.send(command as TransactWriteCommand);
          return { written: true } as const;
        } catch (error) {
          const codes = refusalCodes(error);
          if (codes === undefined) throw error;
          if (codes.includes('ConditionalCheckFailed')) {
            const seen = seenItems(error);
            const refused = new Map(writes.flatMap((w, i) => (codes[i] === 'ConditionalCheckFailed' ? [[w.name, seen[i]] as const] : [])));
            return { written: false, refused } as const;
          }
          if (codes.includes('TransactionConflict')) throw new Conflict();
          throw error;
        }
      },
    );
  } catch (error) {
    if (error instanceof Conflict) throw new ServiceUnavailable('transaction kept conflicting');
    throw error;
  }
}

/** A Put of an item that must not exist yet (every new record of the store). */
export function putNew(db: Db, Item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: db.table, Item, ConditionExpression: IS_NEW_ITEM } };
}
