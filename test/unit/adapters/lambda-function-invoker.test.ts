import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LambdaFunctionInvoker } from '../../../shared/adapters/lambda/lambda-function-invoker';
import { AppError } from '../../../shared/errors';
import { withLogKeys } from '../../../shared/observability/logger';
import { InternalFunctionError } from '../../../shared/services/functions/internal-answer';

/**
 * Lambda's Invoke over real HTTP, scripted from the API reference
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): POST /2015-03-31/functions/{FunctionName}/
 * invocations, the invocation type in X-Amz-Invocation-Type, the payload as the body; the answer is the
 * function's return value, and a function error is the error object with X-Amz-Function-Error set. moto (in
 * test/integration/aws-adapters.test.ts) answers the happy path; what it does not model is scripted here.
 */
interface Seen {
  method: string;
  path: string;
  invocationType: string | undefined;
  body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body: string };

let server: Server;
let endpoint: string;
const seen: Seen[] = [];
let answers: Answer[] = [];

const read = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({
      method: request.method ?? '',
      path: decodeURIComponent(request.url ?? ''),
      invocationType: request.headers['x-amz-invocation-type'] as string | undefined,
      body: await read(request),
    });
    const answer = answers.shift() ?? { status: 500, body: '{"message":"no scripted answer"}' };
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

const invokerWith = (names: Record<string, string | undefined>) =>
  new LambdaFunctionInvoker(
    new LambdaClient({
      endpoint,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // The SDK's standard retry: only what the test scripts is answered.
      maxAttempts: 2,
    }),
    (name) => names[name],
  );
const preview = { workspaceId: 'w-1', text: 'Prix ?', platform: 'instagram', kind: 'comment' } as never;

describe('Class: LambdaFunctionInvoker', () => {
  describe('Method: invoke', () => {
    it('invokes the named function synchronously with the request as JSON and returns its value', async () => {
      // Prepare
      answers = [{ status: 200, body: JSON.stringify({ ok: true, value: { reply: 'Bonjour' } }) }];

      // Act
      const value = await invokerWith({ previewReply: 'flowia-dev-preview' }).invoke('previewReply', preview);

      // Assess
      expect(value).toEqual({ reply: 'Bonjour' });
      expect(seen).toEqual([
        {
          method: 'POST',
          path: '/2015-03-31/functions/flowia-dev-preview/invocations',
          invocationType: 'RequestResponse',
          body: JSON.stringify({ request: preview }),
        },
      ]);
    });

    it('sends the caller’s correlation id with the request, so both functions’ logs carry it', async () => {
      // Prepare
      answers = [{ status: 200, body: JSON.stringify({ ok: true, value: null }) }];

      // Act
      await withLogKeys({ correlation_id: 'req-42' }, () =>
        invokerWith({ previewReply: 'fn' }).invoke('previewReply', preview),
      );

      // Assess
      expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ request: preview, correlationId: 'req-42' });
    });

    it('throws the AppError the function answered, with its status, code, details and headers', async () => {
      // Prepare
      const error = {
        status: 409,
        code: 'window_closed',
        message: 'The window is closed.',
        details: [{ path: 'window', message: 'closed at 2026-12-01T10:00:00.000Z' }],
        headers: { 'retry-after': '5' },
      };
      answers = [{ status: 200, body: JSON.stringify({ ok: false, error }) }];

      // Act
      const failure = await invokerWith({ previewReply: 'fn' })
        .invoke('previewReply', preview)
        .catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject(error);
    });

    it('reports a function error (a throw, a timeout) as an InternalFunctionError with the runtime’s payload', async () => {
      // Prepare: what the runtime returns for a function that threw.
      const payload = JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined', trace: [] });
      answers = [{ status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: payload }];

      // Act
      const failure = await invokerWith({ previewReply: 'fn' })
        .invoke('previewReply', preview)
        .catch((e: unknown) => e);

      // Assess: never an AppError, so the route answers 500, not a client error.
      expect(failure).toBeInstanceOf(InternalFunctionError);
      expect(failure).not.toBeInstanceOf(AppError);
      expect(failure).toMatchObject({ functionName: 'previewReply', kind: 'Unhandled', payload });
    });

    it('refuses an answer that is not an internal function’s answer', async () => {
      // Prepare
      answers = [{ status: 200, body: '"just a string"' }];

      // Act / Assess
      await expect(invokerWith({ previewReply: 'fn' }).invoke('previewReply', preview)).rejects.toMatchObject(
        {
          name: 'InternalFunctionError',
          kind: 'unreadable answer',
        },
      );
    });

    it('retries Lambda’s throttling (429 TooManyRequestsException) and returns the second answer', async () => {
      // Prepare
      answers = [
        {
          status: 429,
          headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
          body: JSON.stringify({
            message: 'Rate exceeded',
            Type: 'User',
            Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
          }),
        },
        { status: 200, body: JSON.stringify({ ok: true, value: 1 }) },
      ];

      // Act
      const value = await invokerWith({ previewReply: 'fn' }).invoke('previewReply', preview);

      // Assess
      expect(value).toBe(1);
      expect(seen).toHaveLength(2);
    });

    it('sends nothing when the caller’s environment names no function (the route does not declare it)', async () => {
      // Act
      const failure = await invokerWith({})
        .invoke('sendHumanReply', {} as never)
        .catch((e: unknown) => e);

      // Assess
      expect(failure).toMatchObject({ name: 'InternalFunctionError', kind: 'not configured' });
      expect(seen).toEqual([]);
    });
  });
});
