// Reading several items in one round trip: BatchGetItem with ConsistentRead, 1 read unit per item
// (a TransactGetItems costs 2). Each item is read committed, but the items are not isolated from
// one another: a read may see one item before a concurrent transaction and another after it.
// Every caller is safe with any such mix (docs/data-model.md, "Why reads are consistent").
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import type { ItemKey } from './keys';

const BATCH_GET_LIMIT = 100;

/** The items found, in no particular order; any number of keys, 100 per request. */
export async function batchGet(itemKeys: ItemKey[]): Promise<Record<string, unknown>[]> {
  const table = tableName();
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_LIMIT) {
    let pending: ItemKey[] = itemKeys.slice(start, start + BATCH_GET_LIMIT);
    // DynamoDB may answer part of a batch (throttling, size): ask again for the rest, backing off.
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
      const { Responses, UnprocessedKeys } = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[table] ?? []));
      pending = (UnprocessedKeys?.[table]?.Keys ?? []) as ItemKey[];
    }
  }
  return found;
}

/** Reads the items (distinct keys) and answers a lookup: the item at a key, undefined where absent. */
export async function findItems(itemKeys: ItemKey[]): Promise<(key: ItemKey) => Record<string, unknown> | undefined> {
  const byKey = new Map((await batchGet(itemKeys)).map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
  return ({ pk, sk }) => byKey.get(`${pk}|${sk}`);
}

/** Each key's item in request order, undefined where absent; the keys must be distinct. */
export async function readItems(itemKeys: ItemKey[]): Promise<(Record<string, unknown> | undefined)[]> {
  return itemKeys.map(await findItems(itemKeys));
}
