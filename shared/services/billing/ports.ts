import type { PlanId } from '../../domain/plans/catalog';
import type { NotificationKind } from '../notifications/ports';

/** What the billing service knows about a workspace: its plan and its link to the payment provider. */
export interface BillingAccount {
  workspaceId: string;
  name: string;
  plan: PlanId;
  timezone: string;
  customerId: string | undefined;
  subscriptionId: string | undefined;
  subscriptionStatus: string | undefined;
}

/** A subscription as the payment provider reports it now (re-fetched, never taken from an event payload). */
export interface SubscriptionState {
  id: string;
  customerId: string;
  status: string;
  priceId: string | undefined;
  metadata: Record<string, string>;
  currentPeriodEnd: number | undefined;
  /** Epoch seconds at which the provider created it: the older of two live subscriptions is the one kept. */
  created: number;
  latestInvoiceId: string | undefined;
}

/** An invoice the customer still owes (finalized, not paid). */
export interface OpenInvoice {
  id: string;
  amountRemaining: number;
  currency: string;
}

/** A verified webhook event, reduced to what deciding needs; the adapter knows the provider's shapes. */
export interface BillingEvent {
  id: string;
  type: string;
  /** Epoch seconds at which the provider created the event. */
  created: number;
  subscriptionId: string | undefined;
  customerId: string | undefined;
  /** The workspace named by the object itself (checkout's client_reference_id or metadata), when it names one. */
  workspaceId: string | undefined;
}

export interface CheckoutRequest {
  customerId: string;
  priceId: string;
  workspaceId: string;
  plan: PlanId;
  successUrl: string;
  cancelUrl: string;
}

export interface PaymentGateway {
  createCustomer(input: { workspaceId: string; name: string; email: string }): Promise<string>;
  createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }>;
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** The customer's checkout sessions still open (payable), newest first. */
  listOpenCheckoutSessions(customerId: string): Promise<Array<{ id: string; created: number }>>;
  /** Expires an open session; a session that is no longer open (paid, or expired meanwhile) is left as it is. */
  expireCheckoutSession(sessionId: string): Promise<'expired' | 'not_open'>;
  /** undefined when the provider no longer knows the subscription. */
  getSubscription(subscriptionId: string): Promise<SubscriptionState | undefined>;
  /** The customer's subscriptions that are not canceled or ended (live: active, trialing, past_due, unpaid, paused). */
  listLiveSubscriptions(customerId: string): Promise<SubscriptionState[]>;
  /** Cancels at once, without proration credit (the caller refunds when money must go back). */
  cancelSubscription(subscriptionId: string, comment: string): Promise<void>;
  /**
   * Refunds in full what was paid on the invoice (reason `duplicate`); returns the amount refunded now, 0 when
   * nothing was paid or it was refunded already. Safe to repeat.
   */
  refundInvoice(invoiceId: string, reason: 'duplicate'): Promise<{ amount: number; currency: string }>;
  /** Finalized invoices the customer has not paid. */
  listOpenInvoices(customerId: string): Promise<OpenInvoice[]>;
  /** The workspace recorded on the customer (metadata), undefined for an unknown or deleted customer. */
  workspaceOfCustomer(customerId: string): Promise<string | undefined>;
  /** Verifies the signature over the raw body and returns the event; throws WebhookSignatureError otherwise. */
  parseWebhook(rawBody: string, signatureHeader: string | undefined): BillingEvent;
}

export interface SubscriptionUpdate {
  plan: PlanId;
  subscriptionId: string;
  customerId: string;
  status: string;
  priceId: string | undefined;
  currentPeriodEnd: number | undefined;
  /** Epoch milliseconds at which the state was read from the provider: newer observations win. */
  observedAt: number;
  /** False for a subscription that no longer pays: it may only downgrade the workspace it is the current one of. */
  grantsPlan: boolean;
}

export type ApplyOutcome = 'applied' | 'stale' | 'not_current_subscription' | 'workspace_not_found';

export type EventClaim = 'claimed' | 'already_processed' | 'in_progress';

export interface EventRecord {
  eventId: string;
  eventType: string;
  created: string;
  status: 'processing' | 'processed' | 'failed';
  outcome: string | undefined;
  workspaceId: string | undefined;
  attempts: number;
}

export interface BillingStore {
  getAccount(workspaceId: string): Promise<BillingAccount | undefined>;
  /** Links the workspace to a customer once; returns the customer id that is stored (the first one wins). */
  saveCustomer(workspaceId: string, customerId: string): Promise<string>;
  applySubscription(workspaceId: string, update: SubscriptionUpdate): Promise<ApplyOutcome>;
  /**
   * Starts processing an event exactly once: a conditional write on the event's record. A failed attempt, or one
   * whose lease ran out (the function died), may be claimed again, so the provider's retry can finish it.
   */
  claimEvent(event: BillingEvent, now: Date, leaseSeconds: number): Promise<EventClaim>;
  finishEvent(eventId: string, result: { outcome: string; workspaceId: string | undefined }): Promise<void>;
  failEvent(eventId: string, reason: string): Promise<void>;
  getEvent(eventId: string): Promise<EventRecord | undefined>;
}

/** Tells the workspace what billing did on its behalf (GET /notifications). */
export interface BillingNotifier {
  notify(
    workspaceId: string,
    input: { kind: NotificationKind; title: string; body: string; dedupeKey: string },
  ): Promise<boolean>;
}
