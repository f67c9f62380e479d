import {
  grantsPlan,
  isLive,
  keepOrder,
  type PlanPrices,
  planForSubscription,
} from '../../domain/billing/subscription-plan';
import { planOf } from '../../domain/plans/catalog';
import { ConflictError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AuditRecorder } from '../audit/audit-log';
import type { BillingEvent, BillingNotifier, BillingStore, PaymentGateway, SubscriptionState } from './ports';

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
 *   subscription's real state;
 * - a workspace keeps one live subscription: when the customer has two (an old checkout paid after another plan
 *   was bought), the newer one is refunded and canceled, whatever the order the events come in (see
 *   keepOneSubscription).
 */
export class BillingWebhookService {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly store: BillingStore,
    private readonly prices: PlanPrices,
    private readonly notifier: BillingNotifier,
    private readonly now: () => Date = () => new Date(),
    private readonly audit?: AuditRecorder,
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
    const fetched = await this.gateway.getSubscription(event.subscriptionId);
    if (!fetched) return { outcome: 'ignored_unknown_subscription', workspaceId: event.workspaceId };
    const workspaceId =
      fetched.metadata.workspaceId ??
      event.workspaceId ??
      (await this.gateway.workspaceOfCustomer(fetched.customerId));
    if (!workspaceId) return { outcome: 'ignored_unknown_workspace', workspaceId: undefined };
    const kept = isLive(fetched.status) ? await this.keepOneSubscription(workspaceId, fetched) : undefined;
    const subscription = kept?.subscription ?? fetched;
    const applied = await this.applyState(workspaceId, subscription, observedAt);
    if (applied.result === 'workspace_not_found' && isLive(subscription.status)) {
      // Paid after its workspace was deleted (the deletion expires open checkouts, so only a race gets here):
      // nobody can use it, so the money goes back.
      await this.refundAndCancel(subscription, `Flow IA workspace ${workspaceId} no longer exists.`);
      return { outcome: 'orphan_canceled', workspaceId };
    }
    // The event's claim (claimEvent) makes this run once per Stripe event, so the entry is written once too.
    if (applied.result === 'applied')
      await this.audit?.record(
        workspaceId,
        { type: 'stripe', id: event.id },
        'plan.changed',
        { type: 'workspace', id: workspaceId },
        { plan: applied.plan, subscriptionStatus: subscription.status, subscriptionId: subscription.id },
      );
    const outcome = applied.result === 'applied' ? `plan_${applied.plan}` : applied.result;
    return { outcome: kept ? `${outcome}_duplicates_canceled_${kept.canceled}` : outcome, workspaceId };
  }

  private async applyState(workspaceId: string, subscription: SubscriptionState, observedAt: number) {
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
    return { result: applied, plan };
  }

  /**
   * One live subscription per workspace. Stripe itself only offers to *prevent* a second one at Checkout ("Limit
   * customers to one subscription": https://docs.stripe.com/payments/checkout/limit-subscriptions), so one that
   * got through anyway (an old session paid after another plan was bought) is resolved here:
   * - the subscription kept is the one that pays for a plan (active/trialing) before one that does not, then the
   *   oldest: the customer keeps what they had, and the later duplicate goes;
   * - the duplicate's latest invoice is refunded in full with reason `duplicate` (https://docs.stripe.com/api/refunds/create:
   *   "possible values are duplicate, fraudulent, and requested_by_customer"), then the duplicate is canceled at
   *   once without proration: a cancel's proration only credits the customer's Stripe balance, it refunds
   *   nothing (https://docs.stripe.com/api/subscriptions/cancel;
   *   https://support.stripe.com/questions/refunding-credit-balance-to-customer-after-subscription-downgrade-or-cancellation),
   *   and on top of a full refund it would pay the customer twice;
   * - the workspace is told, once per duplicate.
   * The decision reads the customer's subscriptions from Stripe, not the events, so it holds whatever the order of
   * delivery; refunding before canceling means a retry after a crash still sees the duplicate live and finishes
   * the job (the refund itself is safe to repeat).
   */
  private async keepOneSubscription(
    workspaceId: string,
    subscription: SubscriptionState,
  ): Promise<{ subscription: SubscriptionState; canceled: number } | undefined> {
    const live = (await this.gateway.listLiveSubscriptions(subscription.customerId)).filter(
      (s) => s.metadata.workspaceId === undefined || s.metadata.workspaceId === workspaceId,
    );
    if (live.length <= 1) return undefined;
    const [keeper, ...duplicates] = [...live].sort(keepOrder);
    if (!keeper) return undefined;
    for (const duplicate of duplicates) {
      const refund = await this.refundAndCancel(
        duplicate,
        `Duplicate of ${keeper.id} (one subscription per Flow IA workspace): refunded and canceled.`,
      );
      const keptPlan = planOf(planForSubscription(snapshot(keeper), this.prices)).name;
      const duplicatePlan = planOf(planForSubscription(snapshot(duplicate), this.prices)).name;
      const money =
        refund.amount > 0
          ? ` Its payment of ${(refund.amount / 100).toFixed(2)} ${refund.currency.toUpperCase()} was refunded.`
          : '';
      await this.notifier.notify(workspaceId, {
        kind: 'billing_duplicate_subscription',
        title: 'A second subscription was canceled',
        body: `An older checkout started a second subscription (${duplicatePlan}) while this workspace already had ${keptPlan}. A workspace has one subscription, so the second one was canceled.${money} Change plans in the billing portal.`,
        dedupeKey: `duplicate_subscription:${duplicate.id}`,
      });
      logger.warn('duplicate subscription canceled', {
        workspaceId,
        kept: keeper.id,
        canceled: duplicate.id,
        refunded: refund.amount,
      });
    }
    return { subscription: keeper, canceled: duplicates.length };
  }

  private async refundAndCancel(subscription: SubscriptionState, comment: string) {
    const refund = subscription.latestInvoiceId
      ? await this.gateway.refundInvoice(subscription.latestInvoiceId, 'duplicate')
      : { amount: 0, currency: 'eur' };
    await this.gateway.cancelSubscription(subscription.id, comment);
    return refund;
  }
}

const snapshot = (s: SubscriptionState) => ({
  status: s.status,
  priceId: s.priceId,
  metadataPlan: s.metadata.plan,
});
