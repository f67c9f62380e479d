import type { PlanId } from '../plans/catalog';

/** Stripe subscription statuses (https://docs.stripe.com/billing/subscriptions/overview#subscription-statuses). */
export type SubscriptionStatus =
  | 'active'
  | 'trialing'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'incomplete'
  | 'incomplete_expired'
  | 'paused'
  | (string & {});

/** The price ids of the paid plans, from STRIPE_PRICE_PREMIUM / STRIPE_PRICE_ULTRA. */
export interface PlanPrices {
  premium: string | undefined;
  ultra: string | undefined;
}

export type PaidPlanId = Exclude<PlanId, 'freemium'>;

export function priceOf(plan: PaidPlanId, prices: PlanPrices): string | undefined {
  return prices[plan];
}

export function paidPlanOfPrice(priceId: string | undefined, prices: PlanPrices): PaidPlanId | undefined {
  if (!priceId) return undefined;
  if (priceId === prices.premium) return 'premium';
  if (priceId === prices.ultra) return 'ultra';
  return undefined;
}

/**
 * Only a subscription that is paid up grants its plan. `past_due` (a renewal failed, Stripe is retrying) already
 * drops the workspace to freemium: the product sells DMs per day, and `invoice.paid` restores the plan the moment
 * a retry succeeds. Nothing is deleted on a downgrade; only the daily DM limit and plan-gated features change.
 */
export function grantsPlan(status: SubscriptionStatus): boolean {
  return status === 'active' || status === 'trialing';
}

/**
 * A subscription that still holds the customer: Stripe's "active subscription statuses" (active, past_due, unpaid,
 * paused: https://docs.stripe.com/payments/checkout/limit-subscriptions) plus trialing. A workspace has at most one.
 */
export function isLive(status: SubscriptionStatus): boolean {
  return ['active', 'trialing', 'past_due', 'unpaid', 'paused'].includes(status);
}

/**
 * Which of two live subscriptions a workspace keeps: one that grants its plan before one that does not, then the
 * older (created first), then the smaller id, so every reader picks the same one.
 */
export function keepOrder(
  a: { status: SubscriptionStatus; created: number; id: string },
  b: { status: SubscriptionStatus; created: number; id: string },
): number {
  const grants = Number(grantsPlan(b.status)) - Number(grantsPlan(a.status));
  if (grants !== 0) return grants;
  if (a.created !== b.created) return a.created - b.created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface SubscriptionSnapshot {
  status: SubscriptionStatus;
  priceId: string | undefined;
  /** The plan the checkout was opened for, kept in the subscription's metadata: a fallback for unknown prices. */
  metadataPlan: string | undefined;
}

/** The plan a workspace is on, given the current state of its subscription. */
export function planForSubscription(subscription: SubscriptionSnapshot, prices: PlanPrices): PlanId {
  if (!grantsPlan(subscription.status)) return 'freemium';
  const byPrice = paidPlanOfPrice(subscription.priceId, prices);
  if (byPrice) return byPrice;
  return subscription.metadataPlan === 'premium' || subscription.metadataPlan === 'ultra'
    ? subscription.metadataPlan
    : 'freemium';
}
