import { describe, expect, it, vi } from 'vitest';
import { deliverStream, resetLink } from '../../../../lib/auth/deliver-mail';
import type { MailContext } from '../../../../lib/context/mail';
import { marshall } from '@aws-sdk/util-dynamodb';
import { unitContext } from '../../../support/unit-context';

const changed = (id: string, user_id: number, SequenceNumber: string) => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber,
    NewImage: marshall({ pk: `OUTBOX#${id}`, sk: 'OUTBOX', type: 'outbox', kind: 'password_changed', user_id, created_ms: 1 }),
  },
});

async function mailContext(send: MailContext['mail']['send']) {
  const markSent = vi.fn(async () => undefined);
  const ctx = await unitContext({
    users: { findUser: async (id: number) => ({ id, email: `user${id}@example.com`, is_active: true }) as never },
    outbox: { markSent },
  });
  const mailCtx: MailContext = { ...ctx, mail: { send } };
  return { ctx: mailCtx, markSent };
}

describe('deliverStream', () => {
  it('sends each message in order and removes it from the outbox', async () => {
    const sent: string[] = [];
    const { ctx, markSent } = await mailContext(async (to) => void sent.push(to));
    expect(await deliverStream(ctx, [changed('a', 1, '10'), changed('b', 2, '11')])).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual(['user1@example.com', 'user2@example.com']);
    expect(markSent.mock.calls).toEqual([['a'], ['b']]);
  });

  it('stops at the first message it cannot send and reports it, so Lambda retries from there', async () => {
    const sent: string[] = [];
    const { ctx, markSent } = await mailContext(async (to) => {
      if (to === 'user2@example.com') throw new Error('SES is down');
      sent.push(to);
    });
    const outcome = await deliverStream(ctx, [changed('a', 1, '10'), changed('b', 2, '11'), changed('c', 3, '12')]);
    expect(outcome).toEqual({ batchItemFailures: [{ itemIdentifier: '11' }] });
    expect(sent).toEqual(['user1@example.com']);
    expect(markSent.mock.calls).toEqual([['a']]);
  });
});

describe('resetLink', () => {
  it("points at the API's own page, with the secrets in the fragment", async () => {
    const ctx = await unitContext({}, { JWT_ISSUER: 'https://auth.example.com/' });
    expect(resetLink(ctx, 'MQ', 'tok-en_')).toBe('https://auth.example.com/account/reset/#uid=MQ&token=tok-en_');
  });

  it("fills an app's own template (PASSWORD_RESET_URL)", async () => {
    const ctx = await unitContext({}, { PASSWORD_RESET_URL: 'https://app.example.com/reset/{uid}/{token}?from=mail' });
    expect(resetLink(ctx, 'MQ', 'tok-en_')).toBe('https://app.example.com/reset/MQ/tok-en_?from=mail');
  });
});
