// TransactWriteItems with the two outcomes every caller needs: a translated condition failure, or
// a bounded retry while DynamoDB reports a conflict with another transaction still in flight.
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable } from '../errors';
import { documentClient, tableName } from './client';
import { IS_NEW_ITEM } from './conditions';
import { cancellationCodes, cancelledItems, isConditionalCheckFailed, isTransactionConflict, refusedItem } from './translate';

const ATTEMPTS = 5;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A single write is as atomic on its own, and as a plain Put, Update or Delete it costs half the
 * write units of a transaction (1 WCU per KB instead of 2) and answers sooner: a login's common case.
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

/** The items refused writes saw (those that asked for ALL_OLD), in request order. */
function refusedItems(error: unknown, count: number): (Record<string, unknown> | undefined)[] {
  if (isConditionalCheckFailed(error)) return [refusedItem(error), ...new Array<undefined>(count - 1)];
  return cancelledItems(error);
}

/**
 * `onConditionFailed` receives the reason code of each item (in request order) when any condition
 * failed, and the item each refused write saw when it asked for ReturnValuesOnConditionCheckFailure;
 * it returns the error to throw.
 */
export async function transactWrite(
  items: TransactItem[],
  onConditionFailed: (codes: (string | undefined)[], seen: (Record<string, unknown> | undefined)[]) => Error,
): Promise<void> {
  const command = writeCommand(items);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(command as TransactWriteCommand);
      return;
    } catch (error) {
      const codes = refusalCodes(error);
      if (codes === undefined) throw error;
      if (codes.includes('ConditionalCheckFailed')) throw onConditionFailed(codes, refusedItems(error, items.length));
      if (!codes.includes('TransactionConflict')) throw error;
      if (attempt === ATTEMPTS) throw new ServiceUnavailable('transaction kept conflicting', { cause: error });
      await sleep(10 * 2 ** attempt * Math.random());
    }
  }
}

/** A transaction Put of an item that must not exist yet (every new record of the store). */
export function putNewItem(Item: Record<string, unknown>) {
  return { Put: { TableName: tableName(), Item, ConditionExpression: IS_NEW_ITEM } };
}
