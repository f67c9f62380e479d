import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, PayloadTooLargeError, ValidationError } from '../../shared/errors';
import type { ApiHandler } from '../../shared/http/handler';
import { type HttpContext, httpErrors, requestContext } from '../../shared/http/middlewares';
import { type HttpResponse, json } from '../../shared/http/response';
import { webhookGuard } from '../../shared/http/webhook-guard';
import { inLogScope } from '../../shared/observability/logger';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Meta posts `signed_request` as an application/x-www-form-urlencoded field to both callbacks:
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
function signedRequestOf(event: APIGatewayProxyEventV2): string {
  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  if (raw.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const value = new URLSearchParams(raw.toString('utf8')).get('signed_request');
  if (!value)
    throw new ValidationError('The signed_request form field is required.', [
      { path: 'signed_request', message: 'Required.' },
    ]);
  return value;
}

/**
 * A Meta app callback (data deletion, deauthorize) as a function URL: request id and error middlewares only,
 * since the body is a form, not JSON; senders failing the signature are throttled per IP like the webhook.
 */
export function signedRequestCallback(answer: (signedRequest: string) => Promise<unknown>): ApiHandler {
  const chain = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(requestContext())
    .use(httpErrors())
    .use(webhookGuard())
    .handler(async (event) => {
      if (event.requestContext.http.method !== 'POST')
        throw new AppError(405, 'method_not_allowed', 'Use POST.');
      return json(200, await answer(signedRequestOf(event)));
    });
  return inLogScope((event, context) =>
    chain(event, { ...context, http: undefined } as unknown as HttpContext),
  );
}
