import { http } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { billingWebhooks } from '../../shared/wiring/billing';

/**
 * Stripe's webhook, on a function URL. The signature is checked over the raw body as received (rawBody), never
 * over re-serialised JSON. 400 on a bad signature, 2xx once the event is recorded, any other status makes Stripe
 * retry. Senders that keep failing the signature are throttled per IP (webhookGuard).
 */
export const handler = http.public(
  { maxBodyBytes: 1024 * 1024, webhook: true },
  async ({ rawBody, headers }) =>
    json(200, await billingWebhooks().handle(rawBody, headers['stripe-signature'])),
);
