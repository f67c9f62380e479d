import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Role } from '../domain/workspaces/roles';
import { markedEntry } from '../entry/entry';
import { UnauthorizedError } from '../errors';
import { logger, withLogKeys } from '../observability/logger';
import type * as z from '../schemas/zod';
import { verifyBearer } from './credentials';
import { type ChainSpec, type Handler, httpChain, type StreamedResponse, withSpec } from './handler';
import { awslambda, type StreamingLambdaHandler } from './lambda-streaming';
import type { HttpContext, HttpMiddleware } from './middlewares';
import type { WorkspaceRequest } from './request';
import type { HttpResponse } from './response';

/**
 * A function URL has no authorizer in front: this verifies the Authorization header itself, with the same
 * verifyBearer the API's authorizer runs, and answers the contract's JSON 401 when it fails.
 */
export function bearerAuth(): HttpMiddleware {
  return {
    name: 'bearerAuth',
    before: async (request) => {
      const credentials = await verifyBearer(request.context.http.headers.authorization);
      if (!credentials.ok) throw new UnauthorizedError(credentials.reason);
      request.context.http.auth = credentials.identity;
    },
  };
}

/**
 * A workspace-scoped GET served by a RESPONSE_STREAM function URL, on the same HTTP stack as every route
 * (shared/http/handler.ts) with the Bearer verified in the chain. Errors before the body starts answer the
 * contract's JSON; once the body streams, a failure can only cut it short. Its own module, so the API routes'
 * bundles do not carry the token verification their authorizer already did.
 */
export function streamingRoute<Q extends z.core.$ZodType>(
  options: { query: Q; minRole?: Role },
  fn: Handler<WorkspaceRequest<undefined, z.output<Q>, undefined>, StreamedResponse>,
): StreamingLambdaHandler<APIGatewayProxyEventV2> {
  const spec: ChainSpec = {
    access: options.minRole ?? 'member',
    apiKeys: true,
    authenticate: bearerAuth(),
    body: 'json',
    schemas: { query: options.query },
  };
  const chain = httpChain(spec).handler(
    // The middlewares only read the status and add headers: a streamed body passes through them untouched.
    async (_event, context) => (await fn(context.http as never)) as unknown as HttpResponse,
  );
  const streaming = awslambda.streamifyResponse<APIGatewayProxyEventV2>((event, responseStream, context) =>
    withLogKeys({}, async () => {
      const response = await chain(event, {
        ...(context as Context),
        http: undefined,
      } as unknown as HttpContext);
      await stream(response as unknown as StreamedResponse, responseStream);
    }),
  );
  return withSpec(markedEntry(streaming), spec);
}

/** Writes the prelude, then the body; a body that fails mid-way cuts the response short, as in AWS. */
async function stream(response: StreamedResponse, responseStream: Writable): Promise<void> {
  const { body, ...prelude } = response;
  const out = awslambda.HttpResponseStream.from(responseStream, prelude);
  try {
    if (typeof body === 'string') {
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(body, () => resolve());
      });
    } else await pipeline(body, out);
  } catch (error) {
    logger.error('stream failed after it started', { error: error as Error });
    out.destroy();
  }
}
