import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { outboxFromStream } from '../../../../lib/store/stream';

const image = (item: Record<string, unknown>) => marshall(item) as Record<string, unknown>;
const record = (eventName: string, item: Record<string, unknown>, SequenceNumber = '1') => ({
  eventName,
  dynamodb: { NewImage: image(item), SequenceNumber },
});

describe('outboxFromStream', () => {
  it('reads inserted outbox items into messages, with their sequence numbers', () => {
    const messages = outboxFromStream([
      record(
        'INSERT',
        { pk: 'OUTBOX#a', sk: 'OUTBOX', type: 'outbox', kind: 'password_reset', email_key: 'ada@example.com', created_ms: 5 },
        '11',
      ),
      record('INSERT', { pk: 'OUTBOX#b', sk: 'OUTBOX', type: 'outbox', kind: 'password_changed', user_id: 7, created_ms: 6 }, '12'),
    ]);
    expect(messages).toEqual([
      { sequence: '11', message: { id: 'a', created_ms: 5, kind: 'password_reset', email_key: 'ada@example.com' } },
      { sequence: '12', message: { id: 'b', created_ms: 6, kind: 'password_changed', user_id: 7 } },
    ]);
  });

  it('reads the verification kinds: an address for an account, an address alone (a resend), an account alone, a change notice', () => {
    const outbox = (id: string, fields: Record<string, unknown>) =>
      record('INSERT', { pk: `OUTBOX#${id}`, sk: 'OUTBOX', type: 'outbox', created_ms: 1, ...fields }, id);
    const messages = outboxFromStream([
      outbox('1', { kind: 'verify_email', email_key: 'ada@example.com', user_id: 7 }),
      outbox('2', { kind: 'verify_email', email_key: 'ada@example.com' }),
      outbox('3', { kind: 'verify_email', user_id: 7 }),
      outbox('4', { kind: 'email_change_requested', user_id: 7 }),
      outbox('5', { kind: 'verify_email' }),
      outbox('6', { kind: 'email_change_requested', email_key: 'ada@example.com' }),
    ]).map(({ message }) => message);
    expect(messages).toEqual([
      { id: '1', created_ms: 1, kind: 'verify_email', email_key: 'ada@example.com', user_id: 7 },
      { id: '2', created_ms: 1, kind: 'verify_email', email_key: 'ada@example.com' },
      { id: '3', created_ms: 1, kind: 'verify_email', user_id: 7 },
      { id: '4', created_ms: 1, kind: 'email_change_requested', user_id: 7 },
    ]);
  });

  it('leaves out removals, other items and unknown kinds', () => {
    expect(
      outboxFromStream([
        record('REMOVE', { pk: 'OUTBOX#a', type: 'outbox', kind: 'password_reset', email_key: 'x' }),
        record('INSERT', { pk: 'USER#1', sk: 'PROFILE', type: 'user' }),
        record('INSERT', { pk: 'OUTBOX#c', type: 'outbox', kind: 'launch_missiles' }),
        record('INSERT', { pk: 'OUTBOX#d', type: 'outbox', kind: 'password_changed', user_id: '7' }),
        { eventName: 'INSERT' },
      ]),
    ).toEqual([]);
  });
});
