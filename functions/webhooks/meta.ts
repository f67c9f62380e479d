import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../../shared/errors';
import { http } from '../../shared/http/handler';
import { json, text } from '../../shared/http/response';
import { metaWebhookVerifyQuery } from '../../shared/schemas/social';
import { metaWebhookService } from '../../shared/wiring/meta-webhooks';

/**
 * GET (subscription check) and POST (deliveries) /social-accounts/meta/webhook, one function URL. A raw-body
 * route: the JSON body middleware would parse the body before the signature is checked, and the signature must
 * be computed over the exact bytes Meta sent.
 */
export const handler = http.webhook(
  { methods: ['GET', 'POST'], maxBodyBytes: 1024 * 1024, query: metaWebhookVerifyQuery },
  async ({ event, headers, query, requestId }) => {
    const service = metaWebhookService();
    if (event.requestContext.http.method === 'GET') {
      const challenge = service.verifySubscription(query);
      if (challenge === undefined) throw new AppError(403, 'forbidden', 'The verify token does not match.');
      return text(200, challenge);
    }
    const receipt = await service.receive(rawBodyOf(event), headers['x-hub-signature-256'], requestId);
    return json(200, { received: receipt.published, skipped: receipt.skipped });
  },
);

function rawBodyOf(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}
