import { randomUUID } from 'node:crypto';
import { endpointUrlProblem } from '../../domain/webhooks/address-guard';
import { RETRY_WINDOW_MS } from '../../domain/webhooks/backoff';
import { generateSigningSecret, type WebhookEventType } from '../../domain/webhooks/events';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { DeliveryFilter, SecretSealer, WebhookDelivery, WebhookEndpoint, WebhookStore } from './ports';
import { secretContext } from './webhook-dispatcher';

/** A workspace needs a few receivers (Zapier, Make, its own server), not hundreds; each event reads them all. */
export const MAX_ENDPOINTS_PER_WORKSPACE = 10;

const endpointView = ({ secret: _secret, workspaceId: _ws, ...view }: WebhookEndpoint) => view;

const deliveryView = ({ body, workspaceId: _ws, ...delivery }: WebhookDelivery) => ({
  ...delivery,
  event: JSON.parse(body) as Record<string, unknown>,
});

/** /webhooks/endpoints and /webhooks/deliveries: the owner's side of outbound webhooks. */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly vault: SecretSealer,
    private readonly options: { allowLoopback: boolean },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createEndpoint(
    workspaceId: string,
    input: { url: string; events: WebhookEventType[]; description: string | null },
  ) {
    this.checkUrl(input.url);
    if ((await this.store.listEndpoints(workspaceId)).length >= MAX_ENDPOINTS_PER_WORKSPACE)
      throw new ConflictError(`A workspace has at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints.`);
    const id = randomUUID();
    const secret = generateSigningSecret();
    const at = this.now().toISOString();
    const endpoint: WebhookEndpoint = {
      id,
      workspaceId,
      url: input.url,
      events: input.events,
      description: input.description,
      active: true,
      secret: await this.vault.seal(secretContext(workspaceId, id), secret),
      createdAt: at,
      updatedAt: at,
    };
    await this.store.putEndpoint(endpoint);
    return { ...endpointView(endpoint), secret };
  }

  async listEndpoints(workspaceId: string) {
    return (await this.store.listEndpoints(workspaceId)).map(endpointView);
  }

  async getEndpoint(workspaceId: string, endpointId: string) {
    return endpointView(await this.endpoint(workspaceId, endpointId));
  }

  async updateEndpoint(
    workspaceId: string,
    endpointId: string,
    changes: { url?: string; events?: WebhookEventType[]; description?: string | null; active?: boolean },
  ) {
    if (changes.url !== undefined) this.checkUrl(changes.url);
    const current = await this.endpoint(workspaceId, endpointId);
    const next: WebhookEndpoint = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      updatedAt: this.now().toISOString(),
    };
    await this.store.putEndpoint(next);
    return endpointView(next);
  }

  /** Pending deliveries of a deleted endpoint fail at their next attempt ("the endpoint was deleted"). */
  async deleteEndpoint(workspaceId: string, endpointId: string): Promise<void> {
    if (!(await this.store.deleteEndpoint(workspaceId, endpointId)))
      throw new NotFoundError('Webhook endpoint not found.');
  }

  async listDeliveries(workspaceId: string, filter: DeliveryFilter) {
    const page = await this.store.listDeliveries(workspaceId, filter);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  /** Sends the same event again (same body, same event id, a fresh signature), retried for another 24 hours. */
  async replay(workspaceId: string, deliveryId: string) {
    const now = this.now();
    const retryUntil = new Date(now.getTime() + RETRY_WINDOW_MS).toISOString();
    const outcome = await this.store.reschedule(workspaceId, deliveryId, now.toISOString(), retryUntil);
    if (outcome === 'missing') throw new NotFoundError('Webhook delivery not found.');
    if (outcome === 'in_flight')
      throw new ConflictError(
        'An attempt of this delivery is in progress; replay it once that attempt ends.',
      );
    const delivery = await this.store.getDelivery(workspaceId, deliveryId);
    if (!delivery) throw new NotFoundError('Webhook delivery not found.');
    return deliveryView(delivery);
  }

  private async endpoint(workspaceId: string, endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.getEndpoint(workspaceId, endpointId);
    if (!endpoint) throw new NotFoundError('Webhook endpoint not found.');
    return endpoint;
  }

  private checkUrl(url: string): void {
    const problem = endpointUrlProblem(url, this.options);
    if (problem)
      throw new ValidationError(`Invalid body: url ${problem}.`, [{ path: 'url', message: problem }]);
  }
}
