// transactWrite against DynamoDB Local: one item goes as a plain write, conditions are translated
// the same way either way, and conflicts with an in-flight transaction are tried again.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailable } from '../../../lib/errors';
import { documentClient, failClosed, tableName } from '../../../lib/store/client';
import { putNewItem, transactWrite } from '../../../lib/store/transact';
import { useStackEnv } from '../../support/env';

beforeAll(() => useStackEnv());
afterEach(() => vi.restoreAllMocks());

let n = 0;
const key = () => ({ pk: `TRANSACT#${process.pid}x${Date.now()}x${(n += 1)}`, sk: 'ITEM' });
const conditionFailed = (codes: (string | undefined)[]) => new Error(`refused: ${codes.join(',')}`);
const read = async (itemKey: { pk: string; sk: string }) =>
  (await documentClient().send(new GetCommand({ TableName: tableName(), Key: itemKey, ConsistentRead: true }))).Item;

describe('transactWrite', () => {
  it('sends one item as a plain write and several as a transaction', async () => {
    const send = vi.spyOn(documentClient(), 'send');
    await transactWrite([putNewItem({ ...key(), value: 1 })], conditionFailed);
    await transactWrite([putNewItem({ ...key(), value: 2 }), putNewItem({ ...key(), value: 3 })], conditionFailed);
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['PutCommand', 'TransactWriteCommand']);
  });

  it('translates a failed condition the same way for one item and for several', async () => {
    const taken = key();
    await transactWrite([putNewItem({ ...taken, value: 1 })], conditionFailed);
    await expect(transactWrite([putNewItem({ ...taken, value: 2 })], conditionFailed)).rejects.toThrow('refused: ConditionalCheckFailed');
    await expect(transactWrite([putNewItem({ ...key() }), putNewItem({ ...taken })], conditionFailed)).rejects.toThrow(
      'refused: None,ConditionalCheckFailed',
    );
    expect((await read(taken))?.value).toBe(1);
  });

  it('tries a plain write again when a transaction on its item was in flight', async () => {
    const client = documentClient();
    const send = client.send.bind(client);
    const conflict = Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });
    // As the client throws it: already wrapped by failClosed.
    vi.spyOn(client, 'send')
      .mockRejectedValueOnce(failClosed(conflict) as never)
      .mockImplementation(send as never);
    const item = key();
    await transactWrite([putNewItem({ ...item, value: 1 })], conditionFailed);
    expect(vi.mocked(client.send).mock.calls.map(([command]) => command instanceof PutCommand)).toEqual([true, true]);
    expect((await read(item))?.value).toBe(1);
  });

  it('gives up with 503 when the conflict persists', async () => {
    const conflict = Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });
    vi.spyOn(documentClient(), 'send').mockRejectedValue(failClosed(conflict) as never);
    await expect(transactWrite([putNewItem({ ...key() })], conditionFailed)).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(vi.mocked(documentClient().send)).toHaveBeenCalledTimes(5);
  });
});
