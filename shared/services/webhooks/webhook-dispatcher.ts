import { isSuccessStatus, nextAttemptAfter } from '../../domain/webhooks/backoff';
import { SIGNATURE_HEADER, signatureHeader } from '../../domain/webhooks/events';
import { logger } from '../../observability/logger';
import type { DeliveryAttempt, SecretSealer, WebhookDelivery, WebhookStore, WebhookTransport } from './ports';

/** Longer than one attempt can take (the transport's timeout), so a running attempt is never taken twice. */
export const DELIVERY_LEASE_MS = 2 * 60_000;
const CONCURRENCY = 10;

export const secretContext = (workspaceId: string, endpointId: string) => ({
  workspaceId,
  provider: `webhook:${endpointId}`,
});

export interface DispatchSummary {
  due: number;
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

/**
 * The webhook-deliveries schedule: takes the deliveries due now from the due-time index (one Query across
 * workspaces, no per-workspace loop), sends each through the guarded transport signed with its endpoint's
 * secret, and records the attempt: delivered on a 2xx, otherwise due again after a backoff (domain/webhooks/
 * backoff.ts) until its 24 hours are over, then failed. A refused destination (private address) fails at once.
 */
export class WebhookDispatcher {
  constructor(
    private readonly store: WebhookStore,
    private readonly vault: SecretSealer,
    private readonly transport: WebhookTransport,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async runDue(limit: number): Promise<DispatchSummary> {
    const due = await this.store.due(this.now().toISOString(), limit);
    const summary: DispatchSummary = { due: due.length, delivered: 0, retrying: 0, failed: 0, skipped: 0 };
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const item = due[next++];
        if (!item?.nextAttemptAt) continue;
        const outcome = await this.attempt(item.workspaceId, item.id, item.nextAttemptAt).catch((error) => {
          logger.error('webhook delivery attempt failed to run', {
            error: error as Error,
            deliveryId: item.id,
          });
          return 'skipped' as const;
        });
        summary[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    return summary;
  }

  private async attempt(
    workspaceId: string,
    deliveryId: string,
    seen: string,
  ): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
    const startedAt = this.now();
    const leaseUntil = new Date(startedAt.getTime() + DELIVERY_LEASE_MS).toISOString();
    const delivery = await this.store.claim(workspaceId, deliveryId, seen, leaseUntil);
    if (!delivery) return 'skipped';
    const endpoint = await this.store.getEndpoint(workspaceId, delivery.endpointId);
    if (!endpoint?.active) {
      const error = endpoint ? 'the endpoint is disabled' : 'the endpoint was deleted';
      return this.settle(
        delivery,
        { at: startedAt.toISOString(), status: null, error, durationMs: 0, responseBody: null },
        'final',
      );
    }
    const secret = await this.vault.open(secretContext(workspaceId, endpoint.id), endpoint.secret);
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const result = await this.transport.post(
      endpoint.url,
      {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'FlowIA-Webhooks/1.0',
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, delivery.body, timestamp),
        'flowia-event-id': delivery.eventId,
        'flowia-delivery-id': delivery.id,
      },
      delivery.body,
    );
    const attempt: DeliveryAttempt =
      result.kind === 'answered'
        ? {
            at: startedAt.toISOString(),
            status: result.status,
            error: isSuccessStatus(result.status)
              ? null
              : result.status >= 300 && result.status < 400
                ? `answered ${result.status}: redirects are not followed`
                : `answered ${result.status}`,
            durationMs: result.durationMs,
            responseBody: result.responseBody || null,
          }
        : {
            at: startedAt.toISOString(),
            status: null,
            error: result.error,
            durationMs: result.durationMs,
            responseBody: null,
          };
    if (result.kind === 'answered' && isSuccessStatus(result.status))
      return this.settle(delivery, attempt, 'delivered');
    return this.settle(delivery, attempt, result.kind === 'refused' ? 'final' : 'retry');
  }

  private async settle(
    delivery: WebhookDelivery,
    attempt: DeliveryAttempt,
    kind: 'delivered' | 'retry' | 'final',
  ): Promise<'delivered' | 'retrying' | 'failed'> {
    const now = this.now();
    const next =
      kind === 'retry'
        ? nextAttemptAfter(delivery.attempts.length + 1, now, new Date(delivery.retryUntil))
        : null;
    const status = kind === 'delivered' ? 'delivered' : next ? 'pending' : 'failed';
    await this.store.recordAttempt(delivery, attempt, {
      status,
      nextAttemptAt: next?.toISOString() ?? null,
      at: now.toISOString(),
    });
    if (status === 'failed')
      logger.warn('webhook delivery given up', { deliveryId: delivery.id, error: attempt.error });
    return status === 'pending' ? 'retrying' : status;
  }
}
