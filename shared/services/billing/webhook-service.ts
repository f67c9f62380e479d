import { grantsPlan, type PlanPrices, planForSubscription } from '../../domain/billing/subscription-plan';
import { ConflictError } from '../../errors';
import type { BillingEvent, BillingStore, PaymentGateway } from './ports';

/** The events that can move a workspace's plan. Every other type is recorded and acknowledged. */
export const SUBSCRIPTION_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
]);

/** A lease longer than the function's timeout: past it, an attempt that never finished is presumed dead. */
const LEASE_SECONDS = 120;

export interface WebhookResult {
  received: true;
  duplicate: boolean;
  outcome: string;
}

/**
 * Stripe webhooks → workspace plans. Stripe delivers at least once and in no particular order, so:
 * - each event id is claimed with a conditional write, and a processed event is acknowledged without effect;
 * - the event's payload is only a pointer: the subscription is re-fetched from Stripe (as Stripe recommends) and
 *   its current state applied, stamped with the time it was read, and a state read earlier never overwrites one
 *   read later. "updated" before "created", or a stale "updated" after "deleted", therefore converge on the
 *   subscription's real state.
 */
export class BillingWebhookService {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly store: BillingStore,
    private readonly prices: PlanPrices,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(rawBody: string, signature: string | undefined): Promise<WebhookResult> {
    const event = this.gateway.parseWebhook(rawBody, signature);
    const claim = await this.store.claimEvent(event, this.now(), LEASE_SECONDS);
    if (claim === 'already_processed') return { received: true, duplicate: true, outcome: 'duplicate' };
    if (claim === 'in_progress')
      // A non-2xx makes Stripe deliver again later, by which time the first attempt has finished or expired.
      throw new ConflictError(`Event ${event.id} is being processed.`);
    try {
      const { outcome, workspaceId } = await this.apply(event);
      await this.store.finishEvent(event.id, { outcome, workspaceId });
      return { received: true, duplicate: false, outcome };
    } catch (error) {
      // Best effort: if even this write fails, the lease expiry frees the event for Stripe's retry.
      await this.store.failEvent(event.id, (error as Error).name ?? 'Error').catch(() => undefined);
      throw error;
    }
  }

  private async apply(event: BillingEvent): Promise<{ outcome: string; workspaceId: string | undefined }> {
    if (!SUBSCRIPTION_EVENTS.has(event.type)) return { outcome: 'ignored_type', workspaceId: undefined };
    if (!event.subscriptionId) return { outcome: 'ignored_no_subscription', workspaceId: event.workspaceId };
    const observedAt = this.now().getTime();
    const subscription = await this.gateway.getSubscription(event.subscriptionId);
    if (!subscription) return { outcome: 'ignored_unknown_subscription', workspaceId: event.workspaceId };
    const workspaceId =
      subscription.metadata.workspaceId ??
      event.workspaceId ??
      (await this.gateway.workspaceOfCustomer(subscription.customerId));
    if (!workspaceId) return { outcome: 'ignored_unknown_workspace', workspaceId: undefined };
    const plan = planForSubscription(
      {
        status: subscription.status,
        priceId: subscription.priceId,
        metadataPlan: subscription.metadata.plan,
      },
      this.prices,
    );
    const applied = await this.store.applySubscription(workspaceId, {
      plan,
      subscriptionId: subscription.id,
      customerId: subscription.customerId,
      status: subscription.status,
      priceId: subscription.priceId,
      currentPeriodEnd: subscription.currentPeriodEnd,
      observedAt,
      grantsPlan: grantsPlan(subscription.status),
    });
    return { outcome: applied === 'applied' ? `plan_${plan}` : applied, workspaceId };
  }
}
