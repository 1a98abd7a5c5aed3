// SSM Parameter Store: the deployed stages' signing keys, a SecureString decrypted on read.
// Its JSON API is called directly, signed by the SDK's own SigV4 signer and sent by the SDK's own
// HTTP handler: the SSM client would add 76 KB (schemas and ~150 error classes for 140 operations)
// to every function's cold start, for one GetParameter per process (docs/benchmarks.md).
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { config } from '../config';
import { ServiceUnavailable } from '../errors';

/** An error answer of the SSM API: `name` is its error type (`ParameterNotFound`, `AccessDeniedException`, …). */
export class ParameterStoreError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const ATTEMPTS = 2;
let transport: { region: string; signer: SignatureV4; http: NodeHttpHandler } | undefined;

function connection() {
  const { region } = config();
  if (transport?.region !== region) {
    transport = {
      region,
      signer: new SignatureV4({ service: 'ssm', region, credentials: defaultProvider(), sha256: Sha256 }),
      // Fails fast: a cold start waiting on SSM is a request waiting on it.
      http: new NodeHttpHandler({ connectionTimeout: 500, requestTimeout: 1_500, throwOnRequestTimeout: true }),
    };
  }
  return transport;
}

async function callOnce(action: string, input: object): Promise<Record<string, unknown>> {
  const { region, signer, http } = connection();
  const hostname = `ssm.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  const body = JSON.stringify(input);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: '/',
    headers: {
      host: hostname,
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': `AmazonSSM.${action}`,
    },
    body,
  });
  const { response } = await http.handle((await signer.sign(request)) as HttpRequest);
  const text = Buffer.from(await streamCollector(response.body)).toString('utf8');
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (response.statusCode < 300) return json;
  // `__type` may carry a namespace: "com.amazonaws.ssm#ParameterNotFound".
  const type = String(json.__type ?? 'UnknownError')
    .split('#')
    .pop()!;
  throw new ParameterStoreError(type, String(json.message ?? json.Message ?? `SSM answered ${response.statusCode}`), response.statusCode);
}

/** One SSM API call, tried again once after throttling, a 5xx or a network failure. */
async function call(action: string, input: object): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callOnce(action, input);
    } catch (error) {
      const retryable = !(error instanceof ParameterStoreError) || error.status >= 500 || error.name === 'ThrottlingException';
      if (!retryable || attempt === ATTEMPTS) throw error;
    }
  }
}

async function getParameter(name: string): Promise<string | undefined> {
  const { Parameter } = (await call('GetParameter', { Name: name, WithDecryption: true })) as { Parameter?: { Value?: string } };
  return Parameter?.Value;
}

/** The decrypted value; any failure fails closed (no key, no token), with the cause kept for the log. */
export async function readSecureParameter(name: string): Promise<string> {
  try {
    const value = await getParameter(name);
    if (!value) throw new Error(`parameter ${name} is empty`);
    return value;
  } catch (error) {
    throw new ServiceUnavailable(`signing keys unavailable from ${name}`, { cause: error });
  }
}

/** Creates or replaces a SecureString (the keys script; never called by the functions). */
export async function writeSecureParameter(name: string, value: string, description: string): Promise<void> {
  await call('PutParameter', { Name: name, Value: value, Type: 'SecureString', Overwrite: true, Description: description });
}

/** The raw value, or undefined when the parameter does not exist yet (the keys script). */
export async function findSecureParameter(name: string): Promise<string | undefined> {
  try {
    return await getParameter(name);
  } catch (error) {
    if (error instanceof ParameterStoreError && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
}
