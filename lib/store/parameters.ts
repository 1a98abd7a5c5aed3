// SSM Parameter Store: the deployed stages' signing keys, a SecureString decrypted on read.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../config';
import { ServiceUnavailable } from '../errors';

let client: SSMClient | undefined;

/** The decrypted value; any failure fails closed (no key, no token), with the cause kept for the log. */
export async function readSecureParameter(name: string): Promise<string> {
  client ??= new SSMClient({ region: config().region, maxAttempts: 2, requestHandler: { connectionTimeout: 500, requestTimeout: 1_500, throwOnRequestTimeout: true } });
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (!Parameter?.Value) throw new Error(`parameter ${name} is empty`);
    return Parameter.Value;
  } catch (error) {
    throw new ServiceUnavailable(`signing keys unavailable from ${name}`, { cause: error });
  }
}
