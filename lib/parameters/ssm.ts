// SSM Parameter Store: the deployed stages' signing keys, a SecureString decrypted on read.
// Its JSON API is called directly, signed by the SDK's own SigV4 signer and sent by the SDK's own
// HTTP handler: the SSM client would add 76 KB (schemas and ~150 error classes for 140 operations)
// to every function's cold start, for one GetParameter per process (docs/benchmarks.md).
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { awsSigner } from '../aws/signer';
import { ServiceUnavailable } from '../errors';
import { withRetries } from '../retry';

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

/** Throttling, a 5xx or a network failure is tried once more: a cold start waiting on SSM is a request waiting on it. */
const CALLS = { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 };
const retryable = (error: unknown) =>
  !(error instanceof ParameterStoreError) || error.status >= 500 || error.name === 'ThrottlingException';

export interface ParameterStore {
  /** The decrypted value; any failure fails closed (no key, no token), with the cause kept for the log. */
  readSecure(name: string): Promise<string>;
  /** The raw value, or undefined when the parameter does not exist yet (the keys script). */
  findSecure(name: string): Promise<string | undefined>;
  /** Creates or replaces a SecureString (the keys script; never called by the functions). */
  writeSecure(name: string, value: string, description: string): Promise<void>;
}

export function parameterStore(region: string): ParameterStore {
  const signer = awsSigner('ssm', region);
  // Fails fast: a cold start waiting on SSM is a request waiting on it.
  const http = new NodeHttpHandler({ connectionTimeout: 500, requestTimeout: 1_500, throwOnRequestTimeout: true });
  const hostname = `ssm.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;

  async function callOnce(action: string, input: object): Promise<Record<string, unknown>> {
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
    const text = Buffer.from(await streamCollector(response.body as Parameters<typeof streamCollector>[0])).toString('utf8');
    const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (response.statusCode < 300) return json;
    // `__type` may carry a namespace: "com.amazonaws.ssm#ParameterNotFound".
    const text_ = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const type = (text_(json.__type) ?? 'UnknownError').split('#').pop()!;
    throw new ParameterStoreError(
      type,
      text_(json.message) ?? text_(json.Message) ?? `SSM answered ${response.statusCode}`,
      response.statusCode,
    );
  }

  const call = (action: string, input: object) => withRetries(CALLS, retryable, () => callOnce(action, input));

  async function getParameter(name: string): Promise<string | undefined> {
    const { Parameter } = (await call('GetParameter', { Name: name, WithDecryption: true })) as { Parameter?: { Value?: string } };
    return Parameter?.Value;
  }

  return {
    async readSecure(name) {
      try {
        const value = await getParameter(name);
        if (!value) throw new Error(`parameter ${name} is empty`);
        return value;
      } catch (error) {
        throw new ServiceUnavailable(`parameter ${name} unavailable`, { cause: error });
      }
    },
    async findSecure(name) {
      try {
        return await getParameter(name);
      } catch (error) {
        if (error instanceof ParameterStoreError && error.name === 'ParameterNotFound') return undefined;
        throw error;
      }
    },
    async writeSecure(name, value, description) {
      await call('PutParameter', { Name: name, Value: value, Type: 'SecureString', Overwrite: true, Description: description });
    },
  };
}
