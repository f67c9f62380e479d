import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalPlugin } from '../../infra/local/plugin';
import { queuePublisher } from '../../shared/wiring/queues';

export const BARE_WEBHOOK_PATH = '/bench/bare-webhook';

/**
 * The webhook ack's floor on the same stage: a route that only checks Meta's X-Hub-Signature-256 over the raw
 * bytes and publishes the body as one message on the same queue the real handler uses. No middleware, no parse,
 * no account lookup: what any webhook receiver must pay at least, so the real ack's ratio to it is what ours adds.
 */
export function bareWebhookPlugin(appSecret: string): LocalPlugin {
  let published = 0;
  return {
    name: 'bench-bare-webhook',
    async start(context) {
      context.addRoute({
        method: 'POST',
        path: BARE_WEBHOOK_PATH,
        async handle(request, response, body) {
          const expected = Buffer.from(
            `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
          );
          const given = Buffer.from(String(request.headers['x-hub-signature-256'] ?? ''));
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            response.writeHead(403).end();
            return;
          }
          await queuePublisher().publish('incomingMessages', [
            { id: `bare-${published++}`, body: body.toString('utf8') },
          ]);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":1}');
        },
      });
      return { banner: `Bench: bare webhook floor at ${BARE_WEBHOOK_PATH}`, async stop() {} };
    },
  };
}
