// Types only: the shapes come from the SDK, its runtime does not ship (StripeClient makes the calls).
import type Stripe from 'stripe';
import { isLive } from '../../domain/billing/subscription-plan';
import { ProviderError } from '../../errors';
import { WebhookSignatureError } from '../../services/billing/errors';
import type {
  BillingEvent,
  CheckoutRequest,
  OpenInvoice,
  PaymentGateway,
  SubscriptionState,
} from '../../services/billing/ports';
import { StripeApiError, StripeClient, StripeSignatureError, verifyStripeSignature } from './stripe-client';

/** Stripe's default and documented webhook tolerance: older signatures are rejected as replays. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeSettings {
  secretKey: string;
  /** STRIPE_API_URL: https://api.stripe.com in production, a fake server in tests. */
  apiUrl: string;
  webhookSecret: string | undefined;
}

/**
 * The Stripe client, pointed at STRIPE_API_URL. One retry (with the same idempotency key) and a 15 s timeout per
 * attempt; the webhook and the user can retry beyond that.
 */
export function createStripeClient(settings: Pick<StripeSettings, 'secretKey' | 'apiUrl'>): StripeClient {
  return new StripeClient(settings.secretKey, settings.apiUrl, { timeoutMs: 15_000 });
}

const id = encodeURIComponent;

type Expandable = string | { id: string } | null | undefined;
const idOf = (value: Expandable): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

/** Stripe's largest page (https://docs.stripe.com/api/pagination): a workspace never has more of these. */
const PAGE = 100;

function toSubscriptionState(subscription: Stripe.Subscription): SubscriptionState {
  const item = subscription.items?.data?.[0];
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer as Expandable) ?? '',
    status: subscription.status,
    priceId: item?.price?.id,
    metadata: { ...(subscription.metadata ?? {}) },
    currentPeriodEnd: item?.current_period_end,
    created: subscription.created,
    latestInvoiceId: idOf(subscription.latest_invoice as Expandable),
  };
}

export class StripePaymentGateway implements PaymentGateway {
  constructor(
    private readonly stripe: StripeClient,
    private readonly webhookSecret: string | undefined,
    /** The clock the signature tolerance is measured on. */
    private readonly now: () => number = Date.now,
  ) {}

  async createCustomer(input: { workspaceId: string; name: string; email: string }): Promise<string> {
    const customer = await call(() =>
      this.stripe.post<Stripe.Customer>(
        '/v1/customers',
        {
          name: input.name,
          email: input.email,
          metadata: { workspaceId: input.workspaceId },
        } satisfies Stripe.CustomerCreateParams,
        // Two checkouts racing for a new workspace get the same customer (Stripe keeps keys for 24 hours).
        `flowia-customer-${input.workspaceId}`,
      ),
    );
    return customer.id;
  }

  async createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }> {
    const metadata = { workspaceId: input.workspaceId, plan: input.plan };
    const session = await call(() =>
      this.stripe.post<Stripe.Checkout.Session>('/v1/checkout/sessions', {
        mode: 'subscription',
        customer: input.customerId,
        client_reference_id: input.workspaceId,
        line_items: [{ price: input.priceId, quantity: 1 }],
        metadata,
        // Copied onto the subscription, so its own events name the workspace without another lookup.
        subscription_data: { metadata },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      } satisfies Stripe.Checkout.SessionCreateParams),
    );
    if (!session.url) throw new ProviderError('stripe', 'Stripe returned a checkout session without a URL.');
    return { id: session.id, url: session.url };
  }

  async createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }> {
    const session = await call(() =>
      this.stripe.post<Stripe.BillingPortal.Session>('/v1/billing_portal/sessions', {
        customer: input.customerId,
        return_url: input.returnUrl,
      } satisfies Stripe.BillingPortal.SessionCreateParams),
    );
    return { url: session.url };
  }

  async listOpenCheckoutSessions(customerId: string): Promise<Array<{ id: string; created: number }>> {
    const page = await call(() =>
      this.stripe.get<Stripe.ApiList<Stripe.Checkout.Session>>('/v1/checkout/sessions', {
        customer: customerId,
        status: 'open',
        limit: PAGE,
      } satisfies Stripe.Checkout.SessionListParams),
    );
    return page.data.map((session) => ({ id: session.id, created: session.created }));
  }

  async expireCheckoutSession(sessionId: string): Promise<'expired' | 'not_open'> {
    try {
      await this.stripe.post(`/v1/checkout/sessions/${id(sessionId)}/expire`);
      return 'expired';
    } catch (error) {
      // Only an open session can be expired (https://docs.stripe.com/api/checkout/sessions/expire): one that was
      // paid or expired in the meantime is not an error here. Read it back rather than parse the message.
      if (!(error instanceof StripeApiError && error.invalidRequest))
        return call(() => Promise.reject(error));
      const session = await call(() =>
        this.stripe.get<Stripe.Checkout.Session>(`/v1/checkout/sessions/${id(sessionId)}`),
      );
      if (session.status !== 'open') return 'not_open';
      throw new ProviderError('stripe', `Stripe rejected the request: ${error.message}`);
    }
  }

  async getSubscription(subscriptionId: string): Promise<SubscriptionState | undefined> {
    const subscription = await call(
      () => this.stripe.get<Stripe.Subscription>(`/v1/subscriptions/${id(subscriptionId)}`),
      { missingAsUndefined: true },
    );
    return subscription ? toSubscriptionState(subscription) : undefined;
  }

  async listLiveSubscriptions(customerId: string): Promise<SubscriptionState[]> {
    // Without `status`, the list is every subscription "that has not been canceled"
    // (https://docs.stripe.com/api/subscriptions/list); incomplete ones are dropped here.
    const page = await call(() =>
      this.stripe.get<Stripe.ApiList<Stripe.Subscription>>('/v1/subscriptions', {
        customer: customerId,
        limit: PAGE,
      } satisfies Stripe.SubscriptionListParams),
    );
    return page.data.filter((s) => isLive(s.status)).map(toSubscriptionState);
  }

  async cancelSubscription(subscriptionId: string, comment: string): Promise<void> {
    try {
      // prorate: false (the default, said out loud): a proration credit would sit on the customer's balance on
      // top of any refund (https://docs.stripe.com/api/subscriptions/cancel).
      await this.stripe.delete(`/v1/subscriptions/${id(subscriptionId)}`, {
        prorate: false,
        invoice_now: false,
        cancellation_details: { comment },
      } satisfies Stripe.SubscriptionCancelParams);
    } catch (error) {
      // A retry after a cancel that went through: Stripe refuses to touch a canceled subscription again.
      const current = await this.getSubscription(subscriptionId).catch(() => undefined);
      if (current?.status === 'canceled') return;
      if (error instanceof StripeApiError)
        throw new ProviderError('stripe', `Stripe rejected the request: ${error.message}`);
      throw error;
    }
  }

  async refundInvoice(invoiceId: string, reason: 'duplicate'): Promise<{ amount: number; currency: string }> {
    // Since API 2025-03-31 an invoice's payments are InvoicePayment objects (https://docs.stripe.com/api/invoice-payment/list).
    const payments = await call(() =>
      this.stripe.get<Stripe.ApiList<Stripe.InvoicePayment>>('/v1/invoice_payments', {
        invoice: invoiceId,
        status: 'paid',
        limit: PAGE,
      } satisfies Stripe.InvoicePaymentListParams),
    );
    let amount = 0;
    let currency = 'eur';
    for (const payment of payments.data) {
      const paymentIntent = idOf(payment.payment.payment_intent as Expandable);
      if (!paymentIntent) continue;
      currency = payment.currency;
      try {
        const refund = await this.stripe.post<Stripe.Refund>(
          '/v1/refunds',
          {
            payment_intent: paymentIntent,
            reason,
            metadata: { invoice: invoiceId },
          } satisfies Stripe.RefundCreateParams,
          // A retried webhook within Stripe's 24-hour key window gets the same refund back, not a second one.
          `flowia-refund-${invoiceId}-${paymentIntent}`,
        );
        amount += refund.amount;
      } catch (error) {
        // Past the key window, an already refunded payment answers charge_already_refunded
        // (https://docs.stripe.com/error-codes#charge-already-refunded): nothing is left to give back.
        if (error instanceof StripeApiError && error.code === 'charge_already_refunded') continue;
        if (error instanceof StripeApiError)
          throw new ProviderError('stripe', `Stripe rejected the request: ${error.message}`);
        throw error;
      }
    }
    return { amount, currency };
  }

  async listOpenInvoices(customerId: string): Promise<OpenInvoice[]> {
    // "open": finalized and awaiting payment (https://docs.stripe.com/invoicing/overview#invoice-statuses).
    const page = await call(() =>
      this.stripe.get<Stripe.ApiList<Stripe.Invoice>>('/v1/invoices', {
        customer: customerId,
        status: 'open',
        limit: PAGE,
      } satisfies Stripe.InvoiceListParams),
    );
    return page.data
      .filter((invoice) => invoice.amount_remaining > 0)
      .map((invoice) => ({
        id: invoice.id ?? '',
        amountRemaining: invoice.amount_remaining,
        currency: invoice.currency,
      }));
  }

  async workspaceOfCustomer(customerId: string): Promise<string | undefined> {
    const customer = await call(
      () => this.stripe.get<Stripe.Customer | Stripe.DeletedCustomer>(`/v1/customers/${id(customerId)}`),
      { missingAsUndefined: true },
    );
    if (!customer || customer.deleted) return undefined;
    return customer.metadata?.workspaceId;
  }

  parseWebhook(rawBody: string, signatureHeader: string | undefined): BillingEvent {
    if (!this.webhookSecret) throw new ProviderError('stripe', 'STRIPE_WEBHOOK_SECRET is not set.');
    if (!signatureHeader) throw new WebhookSignatureError('The Stripe-Signature header is missing.');
    let event: Stripe.Event;
    try {
      verifyStripeSignature(
        rawBody,
        signatureHeader,
        this.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
        this.now(),
      );
      event = JSON.parse(rawBody);
    } catch (error) {
      if (error instanceof StripeSignatureError) throw new WebhookSignatureError();
      throw new WebhookSignatureError('The webhook payload could not be read.');
    }
    // A signed body that is no event (or a v2 thin event notification, which stripe-node's constructEvent refuses).
    if (typeof event !== 'object' || event === null || (event.object as string) === 'v2.core.event')
      throw new WebhookSignatureError('The webhook payload could not be read.');
    return toBillingEvent(event);
  }
}

/** Reduces an event to the subscription it concerns and the workspace it names, whatever the object type. */
export function toBillingEvent(event: Stripe.Event): BillingEvent {
  const object = event.data.object as unknown as Record<string, unknown>;
  const base = { id: event.id, type: event.type, created: event.created };
  const metadataWorkspace = (object.metadata as Record<string, string> | undefined)?.workspaceId;
  switch (object.object) {
    case 'checkout.session':
      return {
        ...base,
        subscriptionId: idOf(object.subscription as Expandable),
        customerId: idOf(object.customer as Expandable),
        workspaceId: (object.client_reference_id as string | null | undefined) ?? metadataWorkspace,
      };
    case 'subscription':
      return {
        ...base,
        subscriptionId: object.id as string,
        customerId: idOf(object.customer as Expandable),
        workspaceId: metadataWorkspace,
      };
    case 'invoice': {
      // Since API 2025-03-31 the subscription sits under parent.subscription_details; older versions had
      // invoice.subscription. Read both so a pinned older API version on the account still works.
      const parent = object.parent as { subscription_details?: { subscription?: Expandable } } | null;
      return {
        ...base,
        subscriptionId:
          idOf(parent?.subscription_details?.subscription) ?? idOf(object.subscription as Expandable),
        customerId: idOf(object.customer as Expandable),
        workspaceId: undefined,
      };
    }
    default:
      return { ...base, subscriptionId: undefined, customerId: undefined, workspaceId: undefined };
  }
}

/** Stripe failures become 502 provider_error (with Stripe's message, which never contains the key). */
async function call<T>(fn: () => Promise<T>): Promise<T>;
async function call<T>(fn: () => Promise<T>, options: { missingAsUndefined: true }): Promise<T | undefined>;
async function call<T>(
  fn: () => Promise<T>,
  options: { missingAsUndefined?: boolean } = {},
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StripeApiError) {
      if (options.missingAsUndefined && error.code === 'resource_missing') return undefined;
      throw new ProviderError('stripe', `Stripe rejected the request: ${error.message}`);
    }
    throw error;
  }
}
