// Reading several items in one round trip: BatchGetItem with ConsistentRead, 1 read unit per item
// (a TransactGetItems costs 2). Each item is read committed, but the items are not isolated from
// one another: a read may see one item before a concurrent transaction and another after it.
// Every caller is safe with any such mix (docs/data-model.md, "Why reads are consistent").
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailable } from '../errors';
import { withRetries } from '../retry';
import type { Db } from './client';
import type { ItemKey } from './keys';

const BATCH_GET_LIMIT = 100;
/** DynamoDB may answer part of a batch (throttling, size): the rest is asked for again, backing off. */
const PARTIAL_BATCHES = { attempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 };

class PartialBatch extends Error {}

/** The items found, in no particular order; any number of keys, 100 per request. */
export async function batchGet(db: Db, itemKeys: ItemKey[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_LIMIT) {
    let pending: ItemKey[] = itemKeys.slice(start, start + BATCH_GET_LIMIT);
    await withRetries(
      PARTIAL_BATCHES,
      (error) => error instanceof PartialBatch,
      async () => {
        const { Responses, UnprocessedKeys } = await db.client.send(
          new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(Responses?.[db.table] ?? []));
        pending = (UnprocessedKeys?.[db.table]?.Keys ?? []) as ItemKey[];
        if (pending.length > 0) throw new PartialBatch();
      },
    ).catch((error: unknown) => {
      throw error instanceof PartialBatch ? new ServiceUnavailable('BatchGetItem kept leaving keys unprocessed') : error;
    });
  }
  return found;
}

/** Reads the items (distinct keys) and answers a lookup: the item at a key, undefined where absent. */
export async function findItems(db: Db, itemKeys: ItemKey[]): Promise<(key: ItemKey) => Record<string, unknown> | undefined> {
  const byKey = new Map((await batchGet(db, itemKeys)).map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
  return ({ pk, sk }) => byKey.get(`${pk}|${sk}`);
}

/** Each key's item in request order, undefined where absent; the keys must be distinct. */
export async function readItems(db: Db, itemKeys: ItemKey[]): Promise<(Record<string, unknown> | undefined)[]> {
  return itemKeys.map(await findItems(db, itemKeys));
}
