// First, for its side effect: the runtime's global must exist before any project module installs the local shim.
import '../support/lambda-runtime';

import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { PRELUDE_CONTENT_TYPE, RuntimeResponseStream, STREAMING_SYMBOL } from '../support/lambda-runtime';
import { makeLead, seedLeads } from '../support/leads';
import { startTestStage, type TestStage } from '../support/stage';

const urlEvent = (headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/leads/export.csv',
    rawQueryString: '',
    headers,
    queryStringParameters: {},
    requestContext: { requestId: 'req-stream-1', http: { method: 'GET', path: '/leads/export.csv' } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

let stage: TestStage;
let handler: (event: APIGatewayProxyEventV2, stream: Writable, context: unknown) => Promise<void>;
beforeAll(async () => {
  stage = await startTestStage();
  ({ handler } = await import('../../functions/http/leads/export-csv'));
});
afterAll(() => stage.stop());

describe('Handler: GET /leads/export.csv under the Lambda runtime’s awslambda', () => {
  it('is marked as a streaming handler by the runtime’s streamifyResponse', () => {
    expect((handler as unknown as Record<symbol, unknown>)[STREAMING_SYMBOL]).toBe('response');
  });

  it('writes the HTTP prelude, the delimiter, then the CSV rows', async () => {
    const owner = await signupWithWorkspace(stage.api, 'stream-runtime');
    await seedLeads([makeLead(owner.workspaceId, { displayName: 'Zoé Martin', phone: '+33612345678' })]);
    const stream = new RuntimeResponseStream();

    await handler(
      urlEvent({ authorization: `Bearer ${owner.accessToken}`, 'x-workspace-id': owner.workspaceId }),
      stream,
      {},
    );

    expect(stream.contentType).toBe(PRELUDE_CONTENT_TYPE);
    const { prelude, body } = await stream.parsed();
    expect(prelude.statusCode).toBe(200);
    expect(prelude.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'x-request-id': 'req-stream-1',
    });
    expect(body).toContain('Zoé Martin');
    expect(body).toContain('+33612345678');
  });

  it('answers the contract’s JSON 401 through the same prelude when the token is missing', async () => {
    const stream = new RuntimeResponseStream();

    await handler(urlEvent({}), stream, {});

    const { prelude, body } = await stream.parsed();
    expect(prelude.statusCode).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
