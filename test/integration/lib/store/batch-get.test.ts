// Consistent multi-item reads against DynamoDB Local: request order, absent items, partial answers.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchGet as batchGetIn, readItems as readItemsIn } from '../../../../lib/store/batch-get';
import type { ItemKey } from '../../../../lib/store/keys';
import { testDb } from '../../../support/context';

const db = testDb();
const batchGet = (keys: ItemKey[]) => batchGetIn(db, keys);
const readItems = (keys: ItemKey[]) => readItemsIn(db, keys);
afterEach(() => vi.restoreAllMocks());

let n = 0;
async function stored(value: string) {
  const key = { pk: `BATCH#${process.pid}x${Date.now()}x${(n += 1)}`, sk: 'ITEM' };
  await db.client.send(new PutCommand({ TableName: db.table, Item: { ...key, value } }));
  return key;
}

describe('readItems', () => {
  it('answers each key in request order, undefined where there is no item, in one BatchGetItem', async () => {
    const [a, b] = [await stored('a'), await stored('b')];
    const send = vi.spyOn(db.client, 'send');
    const items = await readItems([b, { pk: 'BATCH#missing', sk: 'ITEM' }, a]);
    expect(items.map((item) => item?.value)).toEqual(['b', undefined, 'a']);
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['BatchGetCommand']);
    expect(
      (send.mock.calls[0]![0].input as { RequestItems: Record<string, { ConsistentRead: boolean }> }).RequestItems[db.table]!
        .ConsistentRead,
    ).toBe(true);
  });

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    const [a, b] = [await stored('a'), await stored('b')];
    const client = db.client;
    const send = client.send.bind(client);
    // The first answer holds a only and gives b back unprocessed, as DynamoDB does under throttling.
    vi.spyOn(client, 'send')
      .mockImplementationOnce((async () => ({
        Responses: { [db.table]: [{ ...a, value: 'a' }] },
        UnprocessedKeys: { [db.table]: { Keys: [b], ConsistentRead: true } },
      })) as never)
      .mockImplementation(send as never);
    expect((await readItems([a, b])).map((item) => item?.value)).toEqual(['a', 'b']);
    expect(vi.mocked(client.send)).toHaveBeenCalledTimes(2);
  });
});

describe('batchGet', () => {
  it('reads more keys than one request may carry (100)', async () => {
    const keys = await Promise.all(Array.from({ length: 130 }, (_, i) => stored(String(i))));
    const found = await batchGet(keys);
    expect(found.map((item) => item.value).sort()).toEqual(keys.map((_, i) => String(i)).sort());
  });
});
