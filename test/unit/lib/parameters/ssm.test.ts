// SSM Parameter Store through its JSON API: signed requests, decrypted reads, error types, retries.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailable } from '../../../../lib/errors';
import { parameterStore, ParameterStoreError } from '../../../../lib/parameters/ssm';
import { answerSsm } from '../../../support/ssm';

const { readSecure: readSecureParameter, findSecure: findSecureParameter, writeSecure: writeSecureParameter } = parameterStore('us-east-1');

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('readSecureParameter', () => {
  it('asks for the decrypted value in a SigV4-signed GetParameter', async () => {
    const calls = answerSsm({ body: { Parameter: { Name: '/p', Type: 'SecureString', Value: 'secret' } } });
    await expect(readSecureParameter('/p')).resolves.toBe('secret');
    expect(calls).toEqual([
      { target: 'AmazonSSM.GetParameter', input: { Name: '/p', WithDecryption: true }, authorization: expect.any(String) },
    ]);
    expect(calls[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/ssm\/aws4_request, SignedHeaders=[^,]*x-amz-target/,
    );
  });

  it("fails closed on a refusal, keeping SSM's error type as the cause", async () => {
    answerSsm({ status: 400, body: { __type: 'com.amazonaws.ssm#AccessDeniedException', message: 'not allowed' } });
    const error = await readSecureParameter('/p').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect((error as Error).cause).toMatchObject({ name: 'AccessDeniedException', message: 'not allowed', status: 400 });
  });

  it('tries once more after throttling or a network failure, not after a refusal', async () => {
    const throttled = answerSsm(
      { status: 400, body: { __type: 'ThrottlingException', message: 'slow down' } },
      { body: { Parameter: { Value: 'v' } } },
    );
    await expect(readSecureParameter('/p')).resolves.toBe('v');
    expect(throttled).toHaveLength(2);
    vi.restoreAllMocks();

    const dropped = answerSsm(new Error('socket hang up'), new Error('socket hang up'));
    await expect(readSecureParameter('/p')).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(dropped).toHaveLength(2);
    vi.restoreAllMocks();

    const refused = answerSsm({ status: 400, body: { __type: 'ParameterNotFound' } });
    await expect(readSecureParameter('/p')).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(refused).toHaveLength(1);
  });

  it('refuses an empty value', async () => {
    answerSsm({ body: { Parameter: { Value: '' } } });
    await expect(readSecureParameter('/p')).rejects.toBeInstanceOf(ServiceUnavailable);
  });
});

describe("the keys script's calls", () => {
  it('findSecureParameter answers undefined for a parameter that does not exist, and throws other errors', async () => {
    answerSsm(
      { status: 400, body: { __type: 'ParameterNotFound', message: '' } },
      { status: 400, body: { __type: 'AccessDeniedException', message: 'no' } },
    );
    await expect(findSecureParameter('/p')).resolves.toBeUndefined();
    await expect(findSecureParameter('/p')).rejects.toBeInstanceOf(ParameterStoreError);
  });

  it('writeSecureParameter puts an encrypted, overwriting SecureString', async () => {
    const calls = answerSsm({ body: { Version: 2, Tier: 'Standard' } });
    await writeSecureParameter('/p', 'value', 'what it is');
    expect(calls[0]).toMatchObject({
      target: 'AmazonSSM.PutParameter',
      input: { Name: '/p', Value: 'value', Type: 'SecureString', Overwrite: true, Description: 'what it is' },
    });
  });
});
