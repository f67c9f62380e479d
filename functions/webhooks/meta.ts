import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, PayloadTooLargeError } from '../../shared/errors';
import type { ApiHandler } from '../../shared/http/handler';
import { type HttpContext, httpErrors, requestContext } from '../../shared/http/middlewares';
import { type HttpResponse, json, text } from '../../shared/http/response';
import { webhookGuard } from '../../shared/http/webhook-guard';
import { inLogScope } from '../../shared/observability/logger';
import { metaWebhookVerifyQuery } from '../../shared/schemas/social';
import { metaWebhookService } from '../../shared/wiring/meta';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * GET and POST /social-accounts/meta/webhook, one function URL. Built from the request-id and error middlewares
 * only: the JSON body middleware would parse the body before the signature is checked, and the signature must be
 * computed over the exact bytes Meta sent. Senders that keep failing the signature are throttled per IP
 * (webhookGuard: why that and not reserved concurrency is said there).
 */
const chain = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
  .use(requestContext())
  .use(httpErrors())
  .use(webhookGuard())
  .handler(async (event, context) => {
    const service = metaWebhookService();
    if (event.requestContext.http.method === 'GET') {
      const query = metaWebhookVerifyQuery.parse(event.queryStringParameters ?? {});
      const challenge = service.verifySubscription(query);
      if (challenge === undefined) throw new AppError(403, 'forbidden', 'The verify token does not match.');
      return text(200, challenge);
    }
    if (event.requestContext.http.method !== 'POST')
      throw new AppError(405, 'method_not_allowed', 'Use GET or POST.');
    const raw = rawBodyOf(event);
    if (raw.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
    const receipt = await service.receive(
      raw,
      context.http.headers['x-hub-signature-256'],
      context.http.requestId,
    );
    return json(200, { received: receipt.published, skipped: receipt.skipped });
  });

/** In its own log scope, like every HTTP handler: concurrent webhook requests keep their correlation ids apart. */
export const handler: ApiHandler = inLogScope((event, context) =>
  chain(event, { ...context, http: undefined } as unknown as HttpContext),
);

function rawBodyOf(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
