// Answers the SSM API in-process, at the HTTP handler lib/parameters/ssm sends through: the
// request is still built and SigV4-signed; other hosts (DynamoDB Local) pass through untouched.
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { vi } from 'vitest';

export interface SsmAnswer {
  status?: number;
  body: unknown;
}

export interface SsmCall {
  target: string;
  authorization: string;
  input: Record<string, unknown>;
}

/** Each SSM request takes the next answer (an Error is a network failure); returns what was asked. */
export function answerSsm(...answers: (SsmAnswer | Error)[]): SsmCall[] {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
  const calls: SsmCall[] = [];
  const original = NodeHttpHandler.prototype.handle;
  vi.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(async function (this: NodeHttpHandler, request: HttpRequest, options) {
    if (!request.hostname.startsWith('ssm.')) return original.call(this, request, options);
    calls.push({
      target: String(request.headers['x-amz-target']),
      authorization: String(request.headers.authorization),
      input: JSON.parse(String(request.body)) as Record<string, unknown>,
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no SSM answer left');
    if (answer instanceof Error) throw answer;
    const body = Readable.from([Buffer.from(JSON.stringify(answer.body))]);
    return {
      response: new HttpResponse({ statusCode: answer.status ?? 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body }),
    };
  });
  return calls;
}
