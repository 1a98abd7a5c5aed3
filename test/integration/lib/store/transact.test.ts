// writeTogether against DynamoDB Local: one item goes as a plain write, refusals are named by the
// write they refused (not by position) the same way either way, and conflicts with an in-flight
// transaction are tried again.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailable } from '../../../../lib/errors';
import { failClosed } from '../../../../lib/store/client';
import { putNew, writeTogether } from '../../../../lib/store/transact';
import { testDb } from '../../../support/context';

const db = testDb();
afterEach(() => vi.restoreAllMocks());

let n = 0;
const key = () => ({ pk: `TRANSACT#${process.pid}x${Date.now()}x${(n += 1)}`, sk: 'ITEM' });
const put = (name: string, item: Record<string, unknown>) => ({ name, write: putNew(db, item) });
const read = async (itemKey: { pk: string; sk: string }) =>
  (await db.client.send(new GetCommand({ TableName: db.table, Key: itemKey, ConsistentRead: true }))).Item;

describe('writeTogether', () => {
  it('sends one item as a plain write and several as a transaction', async () => {
    const send = vi.spyOn(db.client, 'send');
    await writeTogether(db, [put('a', { ...key(), value: 1 })]);
    await writeTogether(db, [put('a', { ...key(), value: 2 }), put('b', { ...key(), value: 3 })]);
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['PutCommand', 'TransactWriteCommand']);
  });

  it('names the refused writes the same way for one item and for several, whatever their order', async () => {
    const taken = key();
    expect(await writeTogether(db, [put('first', { ...taken, value: 1 })])).toEqual({ written: true });
    const alone = await writeTogether(db, [put('again', { ...taken, value: 2 })]);
    expect(alone.written ? [] : [...alone.refused.keys()]).toEqual(['again']);
    const together = await writeTogether(db, [put('taken', { ...taken }), put('fresh', { ...key() })]);
    expect(together.written ? [] : [...together.refused.keys()]).toEqual(['taken']);
    expect((await read(taken))?.value).toBe(1);
  });

  it('tries a plain write again when a transaction on its item was in flight', async () => {
    const send = db.client.send.bind(db.client);
    const conflict = Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });
    // As the client throws it: already wrapped by failClosed.
    vi.spyOn(db.client, 'send')
      .mockRejectedValueOnce(failClosed(conflict))
      .mockImplementation(send as never);
    const item = key();
    await writeTogether(db, [put('item', { ...item, value: 1 })]);
    expect(vi.mocked(db.client.send).mock.calls.map(([command]) => command instanceof PutCommand)).toEqual([true, true]);
    expect((await read(item))?.value).toBe(1);
  });

  it('gives up with 503 when the conflict persists', async () => {
    const conflict = Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });
    vi.spyOn(db.client, 'send').mockRejectedValue(failClosed(conflict));
    await expect(writeTogether(db, [put('item', { ...key() })])).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(vi.mocked(db.client.send)).toHaveBeenCalledTimes(5);
  });
});
