import { stageTable } from '../adapters/dynamo/client';
import { DynamoWebhookStore } from '../adapters/dynamo/webhook-store';
import { GuardedWebhookTransport } from '../adapters/http/webhook-transport';
import { config } from '../config';
import { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher';
import { WebhookEmitter } from '../services/webhooks/webhook-emitter';
import { WebhookService } from '../services/webhooks/webhook-service';
import { built } from './container';
import { tokenVault } from './vault';

function webhookStore(): DynamoWebhookStore {
  return built(webhookStore, () => new DynamoWebhookStore(stageTable));
}

/** The outbox every event source writes to (lead logger, lead edits, sender, hand-over). */
export function webhookEvents(): WebhookEmitter {
  return built(webhookEvents, () => new WebhookEmitter(webhookStore()));
}

export function webhookService(): WebhookService {
  return built(
    webhookService,
    () =>
      new WebhookService(webhookStore(), tokenVault(), {
        allowLoopback: config().WEBHOOKS_ALLOW_LOOPBACK === '1',
      }),
  );
}

/** The webhook-deliveries schedule's sender; the transport's SSRF guard follows WEBHOOKS_ALLOW_LOOPBACK. */
export function webhookDispatcher(): WebhookDispatcher {
  return built(webhookDispatcher, () => {
    const { WEBHOOKS_ALLOW_LOOPBACK, WEBHOOK_TIMEOUT_MS } = config();
    return new WebhookDispatcher(
      webhookStore(),
      tokenVault(),
      new GuardedWebhookTransport({
        allowLoopback: WEBHOOKS_ALLOW_LOOPBACK === '1',
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      }),
    );
  });
}
