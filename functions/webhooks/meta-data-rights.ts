import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, ValidationError } from '../../shared/errors';
import type { ApiHandler } from '../../shared/http/handler';
import { type HttpContext, httpErrors, requestContext } from '../../shared/http/middlewares';
import { type HttpResponse, json } from '../../shared/http/response';
import { webhookGuard } from '../../shared/http/webhook-guard';
import { inLogScope } from '../../shared/observability/logger';
import { metaDataRightsService } from '../../shared/wiring/meta';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Meta posts `signed_request` as an application/x-www-form-urlencoded field to both callbacks:
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
export function signedRequestOf(event: APIGatewayProxyEventV2): string {
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

const chainOf = (
  fn: (event: APIGatewayProxyEventV2) => Promise<HttpResponse>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext> =>
  middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(requestContext())
    .use(httpErrors())
    .use(webhookGuard())
    .handler(fn);

const deletion = chainOf(async (event) =>
  json(200, await metaDataRightsService().requestDeletion(signedRequestOf(event))),
);
const deauthorize = chainOf(async (event) =>
  json(200, await metaDataRightsService().deauthorize(signedRequestOf(event))),
);

/** POST /social-accounts/meta/data-deletion: erase, then `{ url, confirmation_code }` as Meta requires. */
export const dataDeletionHandler: ApiHandler = inLogScope((event, context) =>
  deletion(event, { ...context, http: undefined } as unknown as HttpContext),
);

/** POST /social-accounts/meta/deauthorize: the person removed the app; their accounts are disconnected. */
export const deauthorizeHandler: ApiHandler = inLogScope((event, context) =>
  deauthorize(event, { ...context, http: undefined } as unknown as HttpContext),
);
