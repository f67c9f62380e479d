import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isLocalStreamingHandler, type StreamingLambdaHandler } from '../../shared/http/lambda-streaming';
import { AUTHORIZER_HANDLER, NOT_FOUND_HANDLER, type RouteDefinition } from '../routes';
import { toApiEvent } from './api-event';
import { loadHandler } from './handlers';
import { lambdaContext } from './lambda-context';
import { LocalResponseStream } from './response-stream';
import { Router } from './router';

type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;
type Authorizer = (event: {
  headers: Record<string, string>;
}) => Promise<{ isAuthorized: boolean; context?: Record<string, unknown> }>;

/** A route served only locally (developer console, fake providers' UIs): plain Node request/response. */
export interface LocalRoute {
  method: string;
  path: string;
  handle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> | void;
}

/** API Gateway's payload limit; function URLs allow 6 MB, so this is the larger of the two. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * One HTTP server for the whole manifest: API routes go through the same Lambda authorizer as in AWS, function
 * URL routes get the function URL event shape ($default route key, no path parameters).
 */
export function createLocalHttpServer(routes: RouteDefinition[], localRoutes: LocalRoute[] = []): Server {
  const router = new Router(routes);
  return createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      if (body === 'too_large')
        return send(
          response,
          jsonError(413, 'payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`),
        );
      const url = new URL(request.url ?? '/', 'http://local');
      const method = request.method ?? 'GET';
      const local = localRoutes.find((r) => r.method === method && r.path === url.pathname);
      if (local) return await local.handle(request, response, body);
      const match = router.match(method, url.pathname);
      if (match === 'malformed_path')
        return send(
          response,
          jsonError(400, 'validation_failed', 'The request path is not valid percent-encoding.'),
        );
      if (typeof match !== 'object') {
        const notFound = await loadHandler<LambdaHttpHandler>(NOT_FOUND_HANDLER);
        return send(
          response,
          await notFound(toApiEvent(request, body, { routeKey: '$default' }), lambdaContext('not-found')),
        );
      }
      const { route, pathParameters } = match;
      const isUrl = route.exposure === 'functionUrl';
      const event = toApiEvent(
        request,
        body,
        isUrl ? { routeKey: '$default' } : { routeKey: `${route.method} ${route.path}`, pathParameters },
      );
      if (route.auth === 'jwt') {
        const authorize = await loadHandler<Authorizer>(AUTHORIZER_HANDLER);
        const verdict = await authorize({ headers: event.headers as Record<string, string> });
        if (!verdict.isAuthorized) return send(response, jsonError(403, 'forbidden', 'Forbidden'));
        (event.requestContext as unknown as { authorizer: unknown }).authorizer = {
          lambda: verdict.context ?? {},
        };
      }
      if (route.streaming) return await serveStreaming(route, event, response);
      const handler = await loadHandler<LambdaHttpHandler>(route.handler, route.needs);
      send(response, await handler(event, lambdaContext(route.handler, route.timeoutSeconds)));
    } catch (error) {
      // A Lambda that throws outside its middleware: API Gateway answers 500 without details.
      console.error('local stage: handler crashed', error);
      send(response, jsonError(500, 'internal_error', 'Something went wrong on our side.'));
    }
  });
}

/** A RESPONSE_STREAM function URL: the handler writes to a stream bound to this response (see response-stream.ts). */
async function serveStreaming(
  route: RouteDefinition,
  event: APIGatewayProxyEventV2,
  response: ServerResponse,
): Promise<void> {
  const handler = await loadHandler<StreamingLambdaHandler<APIGatewayProxyEventV2>>(
    route.handler,
    route.needs,
  );
  if (!isLocalStreamingHandler(handler))
    throw new Error(`${route.handler} is marked streaming but is not wrapped in awslambda.streamifyResponse`);
  const stream = new LocalResponseStream(response);
  try {
    await handler(event, stream, lambdaContext(route.handler, route.timeoutSeconds));
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  } catch (error) {
    // As in AWS: a handler that fails before writing is a 500, after writing the client sees a cut-off body.
    if (!response.headersSent) throw error;
    console.error('local stage: streaming handler failed mid-response', error);
    stream.destroy();
  }
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string): void {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'string'
      ? { statusCode: 200, body: result, headers: { 'content-type': 'application/json' } }
      : result;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ?? '';
  const payload = structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(payload);
}

function jsonError(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message } }),
  };
}
