// DynamoDB round trips per use case, counted at the SDK (the budget of docs/data-model.md): the
// requests sent, and the round trips a caller waits for, requests sent side by side counting once.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { login } from '../../../../lib/auth/login';
import { deleteAccount } from '../../../../lib/auth/delete-account';
import { logout } from '../../../../lib/auth/logout';
import { me } from '../../../../lib/auth/me';
import { refresh } from '../../../../lib/auth/refresh';
import { requestPasswordReset } from '../../../../lib/auth/password-reset';
import { register } from '../../../../lib/auth/register';
import { resendVerification } from '../../../../lib/auth/verification-mail';
import { listSecurityLog } from '../../../../lib/auth/security-log';
import { testContext, testFilesContext } from '../../../support/context';
import { newUser } from '../../../support/http';

const ctx = testContext();
const withFiles = testFilesContext();
afterEach(() => vi.restoreAllMocks());

interface Traffic {
  /** Command names in the order they were sent. */
  requests: string[];
  /** The longest chain of requests each sent after the previous one answered. */
  roundTrips: number;
}

async function trafficOf(action: () => Promise<unknown>): Promise<Traffic> {
  const calls: { name: string; start: number; end: number }[] = [];
  const original = DynamoDBDocumentClient.prototype.send;
  let clock = 0;
  vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(async function (this: DynamoDBDocumentClient, command: never) {
    const call = { name: (command as object).constructor.name, start: (clock += 1), end: Infinity };
    calls.push(call);
    try {
      return await (original as (c: never) => Promise<unknown>).call(this, command);
    } finally {
      call.end = clock += 1;
    }
  } as never);
  await action().catch(() => undefined);
  vi.restoreAllMocks();
  // chain[i]: the round trips up to and including call i (calls are in start order).
  const chain = calls.map(() => 1);
  calls.forEach((call, i) => {
    for (let j = 0; j < i; j += 1) if (calls[j]!.end < call.start) chain[i] = Math.max(chain[i]!, chain[j]! + 1);
  });
  return { requests: calls.map((c) => c.name), roundTrips: Math.max(0, ...chain) };
}

const sorted = (requests: string[]) => [...requests].sort();

describe('DynamoDB round trips', () => {
  it('login: 2 round trips whether the password is right or wrong and whoever the name is, 2 when the counters are locked', async () => {
    const user = newUser();
    // With the device recorded on the new session's item, inside login's own transaction.
    const from = { sourceIp: '198.51.100.20', userAgent: 'RoundTrips/1.0' };
    await register(ctx, user, { sourceIp: '198.51.100.20' });

    const success = await trafficOf(() => login(ctx, { username: user.username, password: user.password }, from));
    expect(success.roundTrips).toBe(2);
    // Counting on three counters beside the read of the login item (and of the address's trust);
    // then the session's write beside clearing the pair, giving the attempt back to the address and
    // the account, and trusting the address.
    expect(sorted(success.requests.slice(0, 4))).toEqual(['BatchGetCommand', 'UpdateCommand', 'UpdateCommand', 'UpdateCommand']);
    expect(sorted(success.requests.slice(4))).toEqual([
      'DeleteCommand',
      'PutCommand',
      'TransactWriteCommand',
      'UpdateCommand',
      'UpdateCommand',
    ]);

    // A failure's one write after the password check is its security event, sent alike for an
    // unknown name (refused there, for want of an account): the same traffic either way.
    const failure = await trafficOf(() => login(ctx, { username: user.username, password: 'wrong-password' }, from));
    expect(failure.roundTrips).toBe(2);
    expect(sorted(failure.requests)).toEqual([
      'BatchGetCommand',
      'TransactWriteCommand',
      'UpdateCommand',
      'UpdateCommand',
      'UpdateCommand',
    ]);
    const unknown = await trafficOf(() => login(ctx, { username: `nobody-${user.username}`, password: 'wrong-password' }, from));
    expect({ requests: sorted(unknown.requests), roundTrips: unknown.roundTrips }).toEqual({
      requests: sorted(failure.requests),
      roundTrips: 2,
    });

    for (let i = 0; i < 4; i += 1) await login(ctx, { username: user.username, password: 'wrong-password' }, from).catch(() => undefined);
    const locked = await trafficOf(() => login(ctx, { username: user.username, password: user.password }, from));
    // Refused by the pair: the two counters that did count take their attempt back.
    expect(locked.roundTrips).toBe(2);
    expect(sorted(locked.requests)).toEqual([
      'BatchGetCommand',
      'UpdateCommand',
      'UpdateCommand',
      'UpdateCommand',
      'UpdateCommand',
      'UpdateCommand',
    ]);
  });

  it("register 3 (the address's window, then the id beside the hash, then the user), refresh 1, me 1, logout 1", async () => {
    const user = newUser();
    let tokens = { refresh: '', access: '' };
    const registration = await trafficOf(async () => ({ tokens } = await register(ctx, user, { sourceIp: '198.51.100.23' })));
    expect(registration).toEqual({ requests: ['UpdateCommand', 'UpdateCommand', 'TransactWriteCommand'], roundTrips: 3 });
    expect((await trafficOf(() => refresh(ctx, { refresh: tokens.refresh }))).roundTrips).toBe(1);
    // Where the session is used is recorded beside the refresh's read, not after it.
    const recorded = await trafficOf(() => refresh(ctx, { refresh: tokens.refresh }, { sourceIp: '198.51.100.23', userAgent: 'RT/1' }));
    expect(recorded).toEqual({ requests: expect.arrayContaining(['BatchGetCommand', 'UpdateCommand']), roundTrips: 1 });
    expect(recorded.requests).toHaveLength(2);
    expect((await trafficOf(() => me(withFiles, tokens.access))).roundTrips).toBe(1);
    expect((await trafficOf(() => logout(ctx, { refresh_token: tokens.refresh, all: false }))).roundTrips).toBe(1);
  });

  it('refresh with rotation costs 2, and 1 for a retry inside the grace window; logout everywhere costs 1', async () => {
    const { tokens } = await register(ctx, newUser(), { sourceIp: '198.51.100.24' });
    const rotating = testContext({ ROTATE_REFRESH_TOKENS: 'true' });
    let rotated = '';
    expect(
      (
        await trafficOf(
          async () =>
            ({ refresh: rotated } = (await refresh(
              rotating,
              { refresh: tokens.refresh },
              { sourceIp: '198.51.100.24', userAgent: 'RT/2' },
            )) as {
              refresh: string;
            }),
        )
      ).roundTrips,
    ).toBe(2);
    expect((await trafficOf(() => refresh(rotating, { refresh: tokens.refresh }))).roundTrips).toBe(1);
    expect((await trafficOf(() => logout(rotating, { refresh_token: rotated, all: true }))).roundTrips).toBe(1);
  });

  it('password reset request: the same 3 writes, one after the other, for a known and an unknown address', async () => {
    const user = newUser();
    await register(ctx, user, { sourceIp: '198.51.100.21' });
    const known = await trafficOf(() => requestPasswordReset(ctx, { email: user.email }, { sourceIp: '198.51.100.21' }));
    const unknown = await trafficOf(() => requestPasswordReset(ctx, { email: `nobody-${user.email}` }, { sourceIp: '198.51.100.21' }));
    expect(known).toEqual({ requests: ['UpdateCommand', 'UpdateCommand', 'PutCommand'], roundTrips: 3 });
    expect(unknown).toEqual(known);
  });

  it('verification resend: the same 3 writes for a known, an unknown and a verified address; a mandatory refusal costs login one more', async () => {
    const user = newUser();
    const from = { sourceIp: '198.51.100.22' };
    await register(ctx, user, from);
    const known = await trafficOf(() => resendVerification(ctx, { email: user.email }, from));
    const unknown = await trafficOf(() => resendVerification(ctx, { email: `nobody-${user.email}` }, from));
    expect(known).toEqual({ requests: ['UpdateCommand', 'UpdateCommand', 'PutCommand'], roundTrips: 3 });
    expect(unknown).toEqual(known);

    // The flag is on the login item login reads already: no read of its own, only the resend.
    const mandatory = testContext({ ACCOUNT_EMAIL_VERIFICATION: 'mandatory' });
    const refused = await trafficOf(() => login(mandatory, { username: user.username, password: user.password }, from));
    expect(refused.roundTrips).toBe(3);
    expect(sorted(refused.requests).filter((r) => r === 'BatchGetCommand')).toHaveLength(1);
  });

  it('security log 1; deleting an account: the try beside the profile, the login item, then one write that ends every session before any deletion', async () => {
    const user = newUser();
    const { tokens } = await register(ctx, user, { sourceIp: '198.51.100.25' });
    expect(await trafficOf(() => listSecurityLog(ctx, tokens.access, undefined))).toEqual({
      requests: expect.arrayContaining(['GetCommand', 'QueryCommand']),
      roundTrips: 1,
    });
    const deletion = await trafficOf(() => deleteAccount(withFiles, tokens.access, { current_password: user.password }));
    expect(sorted(deletion.requests.slice(0, 2))).toEqual(['GetCommand', 'UpdateCommand']);
    expect(deletion.requests.slice(2, 4)).toEqual(['GetCommand', 'TransactWriteCommand']);
    // Then each of the 7 partitions: a Query, its BatchWrite, the Query that finds it empty (the
    // empty ones: one Query); the reset and verification codes, the 2 markers, and the profile last.
    expect(deletion.requests.slice(4).filter((r) => r !== 'QueryCommand' && r !== 'BatchWriteCommand')).toEqual([
      'DeleteCommand',
      'DeleteCommand',
      'DeleteCommand',
      'DeleteCommand',
      'DeleteCommand',
    ]);
    expect(deletion.roundTrips).toBe(deletion.requests.length - 1);
  });
});
