import { stageTable } from '../adapters/dynamo/client';
import { DynamoWebhookStore } from '../adapters/dynamo/webhook-store';
import { GuardedWebhookTransport } from '../adapters/http/webhook-transport';
import { config } from '../config';
import { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher';
import { WebhookEmitter } from '../services/webhooks/webhook-emitter';
import { WebhookService } from '../services/webhooks/webhook-service';
import { tokenVault } from './vault';

let store: DynamoWebhookStore | undefined;
let emitter: WebhookEmitter | undefined;
let service: WebhookService | undefined;
let dispatcher: WebhookDispatcher | undefined;

const webhookStore = () => {
  store ??= new DynamoWebhookStore(stageTable);
  return store;
};

/** The outbox every event source writes to (lead logger, lead edits, sender, hand-over). */
export function webhookEvents(): WebhookEmitter {
  emitter ??= new WebhookEmitter(webhookStore());
  return emitter;
}

export function webhookService(): WebhookService {
  service ??= new WebhookService(webhookStore(), tokenVault(), {
    allowLoopback: config().WEBHOOKS_ALLOW_LOOPBACK === '1',
  });
  return service;
}

/** The webhook-deliveries schedule's sender; the transport's SSRF guard follows WEBHOOKS_ALLOW_LOOPBACK. */
export function webhookDispatcher(): WebhookDispatcher {
  const { WEBHOOKS_ALLOW_LOOPBACK, WEBHOOK_TIMEOUT_MS } = config();
  dispatcher ??= new WebhookDispatcher(
    webhookStore(),
    tokenVault(),
    new GuardedWebhookTransport({
      allowLoopback: WEBHOOKS_ALLOW_LOOPBACK === '1',
      timeoutMs: WEBHOOK_TIMEOUT_MS,
    }),
  );
  return dispatcher;
}
