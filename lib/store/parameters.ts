// SSM Parameter Store: the deployed stages' signing keys, a SecureString decrypted on read.
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
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

/** Creates or replaces a SecureString (the keys script; never called by the functions). */
export async function writeSecureParameter(name: string, value: string, description: string): Promise<void> {
  client ??= new SSMClient({ region: config().region });
  await client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true, Description: description }));
}

/** The raw value, or undefined when the parameter does not exist yet (the keys script). */
export async function findSecureParameter(name: string): Promise<string | undefined> {
  client ??= new SSMClient({ region: config().region });
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return Parameter?.Value;
  } catch (error) {
    if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw error;
  }
}
