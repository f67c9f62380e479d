import { RETRY_WINDOW_MS } from '../../domain/webhooks/backoff';
import {
  deliveryIdOf,
  eventIdOf,
  type WebhookEvent,
  type WebhookEventType,
} from '../../domain/webhooks/events';
import type { WebhookStore } from './ports';

/** What the services that make events happen depend on (lead logger, lead edits, sender, hand-over). */
export interface WebhookEvents {
  /**
   * Records the event for every active endpoint of the workspace subscribed to its type: one delivery item each,
   * due at once. `key` names the occurrence (the lead, the send's idempotency key, the message): emitting the
   * same occurrence again (a retried workflow step) creates nothing new.
   */
  emit(
    workspaceId: string,
    type: WebhookEventType,
    key: string[],
    data: Record<string, unknown>,
  ): Promise<void>;
}

/**
 * The outbox of outbound webhooks. Callers emit right after the change they report, in the same step or request,
 * and let an error fail that step: the workflow retries it (SQS redelivery), the retry reaches the same emission
 * with the same event id, and a delivery that already exists is not created twice. So a crash between the change
 * and the emission loses no event. The delivery schedule (webhook-dispatcher.ts) sends what is due.
 */
export class WebhookEmitter implements WebhookEvents {
  constructor(
    private readonly store: WebhookStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async emit(workspaceId: string, type: WebhookEventType, key: string[], data: Record<string, unknown>) {
    const endpoints = (await this.store.listEndpoints(workspaceId)).filter(
      (endpoint) => endpoint.active && endpoint.events.includes(type),
    );
    if (endpoints.length === 0) return;
    const now = this.now();
    const createdAt = now.toISOString();
    const event: WebhookEvent = {
      id: eventIdOf(type, workspaceId, ...key),
      type,
      createdAt,
      workspaceId,
      data,
    };
    const body = JSON.stringify(event);
    const retryUntil = new Date(now.getTime() + RETRY_WINDOW_MS).toISOString();
    for (const endpoint of endpoints)
      await this.store.createDelivery({
        id: deliveryIdOf(event.id, endpoint.id),
        workspaceId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: type,
        body,
        status: 'pending',
        attempts: [],
        nextAttemptAt: createdAt,
        retryUntil,
        createdAt,
        updatedAt: createdAt,
      });
  }
}
