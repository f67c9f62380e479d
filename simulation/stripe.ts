import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A stateful fake of the Stripe API, over real HTTP, for the stripe SDK pointed at it (host/port/protocol).
 * It speaks the paths the backend calls (/v1/customers, /v1/checkout/sessions (create, list, expire),
 * /v1/billing_portal/sessions, /v1/subscriptions (list, retrieve, update, cancel), /v1/invoices (list),
 * /v1/invoice_payments (list), /v1/refunds, /v1/prices/{id}, /v1/events/{id}) with form-encoded bodies (and the
 * query string for GET and DELETE, as stripe-node sends them: its StripeResource puts `data` in the query when
 * `requestMethod === 'GET' || requestMethod === 'DELETE'`), checks
 * `Authorization: Bearer sk_…` like Stripe, replays Idempotency-Key requests, answers Stripe's error bodies
 * ({ error: { type, code, message, param } }), and plays the customer's side: completing a checkout, renewals
 * that fail or succeed, plan changes and cancellations, each producing the events Stripe would send, signed
 * with the webhook secret (Stripe.webhooks.generateTestHeaderString) and POSTed to `webhookUrl`.
 * Self-contained (no test-runner imports) so the local stage can run it as the simulated Stripe.
 */

export interface FakeStripeOptions {
  port?: number;
  secretKey?: string;
  webhookSecret?: string;
  /** Where events are delivered; settable later with setWebhookUrl. */
  webhookUrl?: string;
  /** Price id → monthly amount in cents. Default: price_premium_test (1499) and price_ultra_test (2999). */
  prices?: Record<string, number>;
  /** Deliver events as they happen (default true); otherwise they wait in state.events for deliver(). */
  autoDeliver?: boolean;
  /** The fake's clock (event `created`, signature timestamps, periods). */
  now?: () => Date;
}

export interface StripeFault {
  status: number;
  type?: string;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** Only requests to paths starting with this (e.g. '/v1/subscriptions'). */
  path?: string;
}

type Json = Record<string, unknown>;

export interface FakeStripeEvent {
  id: string;
  type: string;
  created: number;
  payload: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  status: number;
  body: string;
}

export interface FakeStripeState {
  customers: Map<string, Json>;
  checkoutSessions: Map<string, Json>;
  portalSessions: Map<string, Json>;
  subscriptions: Map<string, Json>;
  invoices: Map<string, Json>;
  invoicePayments: Map<string, Json>;
  paymentIntents: Map<string, Json>;
  refunds: Map<string, Json>;
  prices: Map<string, Json>;
  events: FakeStripeEvent[];
  deliveries: Delivery[];
  requests: Array<{ method: string; path: string; body: Json; idempotencyKey: string | undefined }>;
  faults: StripeFault[];
  webhookUrl: string | undefined;
  portalConfigured: boolean;
}

export interface FakeStripe {
  url: string;
  secretKey: string;
  webhookSecret: string;
  priceIds: { premium: string; ultra: string };
  state: FakeStripeState;
  setWebhookUrl(url: string | undefined): void;
  /** The next matching request fails with this error (queue several for several failures). */
  failNext(fault: StripeFault): void;
  /** The customer pays: the session completes, a subscription starts, its first invoice is paid. */
  completeCheckout(sessionId: string, options?: DeliverOption): Promise<ActionResult>;
  /** The customer switches plan in the portal. */
  changePrice(subscriptionId: string, priceId: string, options?: DeliverOption): Promise<ActionResult>;
  /** A renewal charge fails: the invoice stays open and the subscription goes past_due. */
  failPayment(subscriptionId: string, options?: DeliverOption): Promise<ActionResult>;
  /** A renewal (or a retry) succeeds: the invoice is paid and the subscription is active again. */
  payRenewal(subscriptionId: string, options?: DeliverOption): Promise<ActionResult>;
  /** The subscription ends now (cancelled in the portal, or after the last failed retry). */
  cancelSubscription(subscriptionId: string, options?: DeliverOption): Promise<ActionResult>;
  /** POSTs one stored event to the webhook URL, signed (or with `signature` forced, to test rejection). */
  deliver(eventId: string, options?: { signature?: string; timestamp?: number }): Promise<Delivery>;
  event(eventId: string): FakeStripeEvent;
  eventsOfType(type: string): FakeStripeEvent[];
  stop(): Promise<void>;
}

export interface DeliverOption {
  deliver?: boolean;
}

export interface ActionResult {
  events: FakeStripeEvent[];
  deliveries: Delivery[];
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const API_VERSION = '2026-10-28.endive';

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function missing(kind: string, id: string, param?: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    'resource_missing',
    param,
  );
}

/** Stripe's form encoding (qs, indices): a[b][0][c]=v → { a: { b: [{ c: 'v' }] } }. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/[[\]]+/).filter((part) => part !== '');
    let node: Json = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else {
        node[part] ??= {};
        node = node[part] as Json;
      }
    });
  }
  return arraysFromIndices(root) as Json;
}

function arraysFromIndices(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Json).map(([k, v]) => [k, arraysFromIndices(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k)))
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  return Object.fromEntries(entries);
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  const now = options.now ?? (() => new Date());
  const seconds = () => Math.floor(now().getTime() / 1000);
  const autoDeliver = options.autoDeliver ?? true;
  const priceAmounts = options.prices ?? { price_premium_test: 1499, price_ultra_test: 2999 };
  const priceIdList = Object.keys(priceAmounts);
  const state: FakeStripeState = {
    customers: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    paymentIntents: new Map(),
    refunds: new Map(),
    prices: new Map(),
    events: [],
    deliveries: [],
    requests: [],
    faults: [],
    webhookUrl: options.webhookUrl,
    portalConfigured: true,
  };
  for (const [id, amount] of Object.entries(priceAmounts))
    state.prices.set(id, {
      id,
      object: 'price',
      active: true,
      currency: 'eur',
      unit_amount: amount,
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
      type: 'recurring',
      product: `prod_${id}`,
      livemode: false,
      created: seconds(),
      metadata: {},
    });
  const idempotent = new Map<string, { status: number; body: string }>();
  let baseUrl = '';

  // ── the customer's side: state changes and the events they produce ─────────
  function emit(type: string, object: Json, previous?: Json): FakeStripeEvent {
    const event = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: seconds(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    const stored = { id: event.id, type, created: event.created, payload: JSON.stringify(event, null, 2) };
    state.events.push(stored);
    return stored;
  }

  async function finish(events: FakeStripeEvent[], option?: DeliverOption): Promise<ActionResult> {
    const deliveries: Delivery[] = [];
    if ((option?.deliver ?? autoDeliver) && state.webhookUrl)
      for (const event of events) deliveries.push(await deliver(event.id));
    return { events, deliveries };
  }

  async function deliver(eventId: string, opts: { signature?: string; timestamp?: number } = {}) {
    const event = fakeEvent(eventId);
    if (!state.webhookUrl) throw new Error('fake stripe: no webhook URL set');
    const header =
      opts.signature ??
      Stripe.webhooks.generateTestHeaderString({
        payload: event.payload,
        secret: webhookSecret,
        timestamp: opts.timestamp ?? seconds(),
      });
    const response = await fetch(state.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': header,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: event.payload,
    });
    const delivery = { eventId, type: event.type, status: response.status, body: await response.text() };
    state.deliveries.push(delivery);
    return delivery;
  }

  function fakeEvent(eventId: string): FakeStripeEvent {
    const event = state.events.find((e) => e.id === eventId);
    if (!event) throw new Error(`fake stripe: no event ${eventId}`);
    return event;
  }

  function subscription(id: string): Json {
    const found = state.subscriptions.get(id);
    if (!found) throw missing('subscription', id);
    return found;
  }

  function itemOf(sub: Json): Json {
    return ((sub.items as Json).data as Json[])[0] as Json;
  }

  function createInvoice(sub: Json, reason: string, paid: boolean): Json {
    const price = itemOf(sub).price as Json;
    const amount = price.unit_amount as number;
    const invoice: Json = {
      id: newId('in'),
      object: 'invoice',
      customer: sub.customer,
      status: paid ? 'paid' : 'open',
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      attempt_count: 1,
      attempted: true,
      billing_reason: reason,
      currency: 'eur',
      created: seconds(),
      livemode: false,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
      status_transitions: { paid_at: paid ? seconds() : null },
    };
    state.invoices.set(invoice.id as string, invoice);
    sub.latest_invoice = invoice.id;
    if (paid) recordPayment(invoice);
    return invoice;
  }

  /**
   * A paid invoice's money: a PaymentIntent, linked to the invoice by an InvoicePayment. Since API 2025-03-31 the
   * invoice no longer carries `payment_intent`/`charge`; the link is the InvoicePayment object
   * (https://docs.stripe.com/api/invoice-payment/object: `payment: { type: 'payment_intent', payment_intent }`).
   */
  function recordPayment(invoice: Json): void {
    const amount = invoice.amount_due as number;
    const intent: Json = {
      id: newId('pi'),
      object: 'payment_intent',
      amount,
      amount_received: amount,
      currency: invoice.currency,
      customer: invoice.customer,
      status: 'succeeded',
      created: seconds(),
      livemode: false,
      _amount_refunded: 0,
    };
    state.paymentIntents.set(intent.id as string, intent);
    const payment: Json = {
      id: newId('inpay'),
      object: 'invoice_payment',
      amount_paid: amount,
      amount_requested: amount,
      created: seconds(),
      currency: invoice.currency,
      invoice: invoice.id,
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: intent.id },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: seconds() },
    };
    state.invoicePayments.set(payment.id as string, payment);
  }

  function setStatus(sub: Json, status: string): Json {
    const previous = { status: sub.status };
    sub.status = status;
    return previous;
  }

  async function completeCheckout(sessionId: string, option?: DeliverOption): Promise<ActionResult> {
    const session = state.checkoutSessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no checkout session ${sessionId}`);
    if (session.status !== 'open') throw new Error(`fake stripe: session ${sessionId} is ${session.status}`);
    const lineItems = session._line_items as Array<{ price: string; quantity: number }>;
    const price = state.prices.get(lineItems[0]?.price ?? '') as Json;
    const start = seconds();
    const sub: Json = {
      id: newId('sub'),
      object: 'subscription',
      customer: session.customer,
      status: 'active',
      currency: 'eur',
      collection_method: 'charge_automatically',
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      created: start,
      start_date: start,
      billing_cycle_anchor: start,
      livemode: false,
      metadata: { ...((session._subscription_metadata as Json | undefined) ?? {}) },
      items: { object: 'list', has_more: false, data: [] as Json[], url: '/v1/subscription_items' },
      latest_invoice: null,
    };
    (sub.items as Json).url = `/v1/subscription_items?subscription=${sub.id}`;
    ((sub.items as Json).data as Json[]).push({
      id: newId('si'),
      object: 'subscription_item',
      subscription: sub.id,
      price: structuredClone(price),
      quantity: lineItems[0]?.quantity ?? 1,
      created: start,
      current_period_start: start,
      current_period_end: start + 30 * 24 * 3600,
      metadata: {},
    });
    state.subscriptions.set(sub.id as string, sub);
    const invoice = createInvoice(sub, 'subscription_create', true);
    Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: sub.id, url: null });
    // The order Stripe usually sends them in; it does not guarantee it, which is what tests play with.
    const events = [
      emit('customer.subscription.created', sub),
      emit('invoice.paid', invoice),
      emit('checkout.session.completed', publicView(session)),
    ];
    return finish(events, option);
  }

  async function changePrice(subscriptionId: string, priceId: string, option?: DeliverOption) {
    const sub = subscription(subscriptionId);
    const price = state.prices.get(priceId);
    if (!price) throw new Error(`fake stripe: no price ${priceId}`);
    const item = itemOf(sub);
    const previous = { items: structuredClone(sub.items) };
    item.price = structuredClone(price);
    return finish([emit('customer.subscription.updated', sub, previous)], option);
  }

  async function failPayment(subscriptionId: string, option?: DeliverOption) {
    const sub = subscription(subscriptionId);
    const invoice = createInvoice(sub, 'subscription_cycle', false);
    const previous = setStatus(sub, 'past_due');
    return finish(
      [emit('invoice.payment_failed', invoice), emit('customer.subscription.updated', sub, previous)],
      option,
    );
  }

  async function payRenewal(subscriptionId: string, option?: DeliverOption) {
    const sub = subscription(subscriptionId);
    const open = [...state.invoices.values()].find(
      (inv) =>
        inv.status === 'open' &&
        (inv.parent as Json & { subscription_details: Json }).subscription_details.subscription === sub.id,
    );
    const invoice = open ?? createInvoice(sub, 'subscription_cycle', true);
    if (open) recordPayment(open);
    Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
    const previous = setStatus(sub, 'active');
    return finish(
      [emit('invoice.paid', invoice), emit('customer.subscription.updated', sub, previous)],
      option,
    );
  }

  async function cancelSubscription(subscriptionId: string, option?: DeliverOption) {
    const sub = subscription(subscriptionId);
    return finish([emit('customer.subscription.deleted', cancel(sub))], option);
  }

  /**
   * Cancels now (https://docs.stripe.com/api/subscriptions/cancel): `prorate` "will generate a proration invoice
   * item that credits remaining unused time until the subscription period end. Defaults to false", and
   * `invoice_now` invoices it at once; the credit lands on the customer's balance, it is not a refund
   * (https://support.stripe.com/questions/refunding-credit-balance-to-customer-after-subscription-downgrade-or-cancellation).
   */
  function cancel(sub: Json, params: { prorate?: boolean; comment?: string } = {}): Json {
    if (params.prorate) {
      const item = itemOf(sub);
      const start = item.current_period_start as number;
      const end = item.current_period_end as number;
      const unused = Math.max(0, end - seconds()) / Math.max(1, end - start);
      const credit = Math.round(((item.price as Json).unit_amount as number) * unused);
      const customer = state.customers.get(sub.customer as string);
      if (customer) customer.balance = ((customer.balance as number | undefined) ?? 0) - credit;
    }
    Object.assign(sub, {
      status: 'canceled',
      canceled_at: seconds(),
      ended_at: seconds(),
      cancellation_details: {
        comment: params.comment ?? null,
        feedback: null,
        reason: 'cancellation_requested',
      },
    });
    return sub;
  }

  /**
   * https://docs.stripe.com/api/refunds/create: "you must specify a Charge or a PaymentIntent object on which to
   * create it … You can optionally refund only part of a charge … This method will return an error when called on
   * an already-refunded charge, or when trying to refund more money than is left on a charge." The code for the
   * first case is `charge_already_refunded` (https://docs.stripe.com/error-codes#charge-already-refunded).
   * `reason`: "If set, possible values are duplicate, fraudulent, and requested_by_customer."
   */
  function createRefund(body: Json): Json {
    const intentId = body.payment_intent as string | undefined;
    if (!intentId && !body.charge)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    requireEnum(body, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']);
    const intent = state.paymentIntents.get(intentId ?? '');
    if (!intent) throw missing('payment_intent', intentId ?? String(body.charge), 'payment_intent');
    const left = (intent.amount_received as number) - (intent._amount_refunded as number);
    if (left <= 0)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Charge for PaymentIntent ${intent.id} has already been refunded.`,
        'charge_already_refunded',
      );
    const amount = body.amount === undefined ? left : Number(body.amount);
    if (!Number.isInteger(amount) || amount < 1 || amount > left)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        'amount_too_large',
        'amount',
      );
    intent._amount_refunded = (intent._amount_refunded as number) + amount;
    const refund: Json = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      reason: body.reason ?? null,
      metadata: body.metadata ?? {},
      status: 'succeeded',
      created: seconds(),
    };
    state.refunds.set(refund.id as string, refund);
    // https://docs.stripe.com/api/events/types#event_types-refund.created
    void finish([emit('refund.created', refund)]);
    return refund;
  }

  // ── the API ────────────────────────────────────────────────────────────────
  function authenticate(request: IncomingMessage): void {
    const header = request.headers.authorization;
    if (!header)
      throw new StripeApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    const key = header.replace(/^Bearer\s+/i, '');
    if (key !== secretKey)
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
      );
  }

  function requireParam(body: Json, name: string): unknown {
    const value = body[name];
    if (value === undefined || value === '')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Missing required param: ${name}.`,
        'parameter_missing',
        name,
      );
    return value;
  }

  function requireCustomer(id: string, param = 'customer'): Json {
    const customer = state.customers.get(id);
    if (!customer || customer.deleted) throw missing('customer', id, param);
    return customer;
  }

  function publicView(object: Json): Json {
    return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('_')));
  }

  /**
   * Stripe's list envelope and its `limit` rule ("A limit on the number of objects to be returned. Limit can range
   * between 1 and 100, and the default is 10": https://docs.stripe.com/api/pagination), newest first.
   */
  function list(url: string, items: Json[], params: Json): Json {
    const limit = params.limit === undefined ? 10 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'This value must be greater than or equal to 1 and less than or equal to 100.',
        'parameter_invalid_integer',
        'limit',
      );
    const sorted = [...items].sort((a, b) => (b.created as number) - (a.created as number));
    return {
      object: 'list',
      url,
      has_more: sorted.length > limit,
      data: sorted.slice(0, limit).map(publicView),
    };
  }

  function requireEnum(body: Json, name: string, allowed: readonly string[]): void {
    const value = body[name];
    if (value !== undefined && !allowed.includes(String(value)))
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Invalid ${name}: must be one of ${allowed.join(', ')}`,
        'parameter_invalid_string',
        name,
      );
  }

  const subscriptionOf = (invoice: Json) =>
    (invoice.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details
      ?.subscription;

  function route(method: string, path: string, body: Json): Json {
    const expireId = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/)?.[1];
    if (method === 'POST' && expireId !== undefined) {
      // https://docs.stripe.com/api/checkout/sessions/expire: "A Checkout Session can be expired when it is in one
      // of these statuses: open … Returns an error if the Checkout Session has already expired or isn't in an
      // expireable state."
      const session = state.checkoutSessions.get(decodeURIComponent(expireId));
      if (!session) throw missing('checkout.session', expireId, 'session');
      if (session.status !== 'open')
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        );
      Object.assign(session, { status: 'expired', url: null });
      // https://docs.stripe.com/api/events/types#event_types-checkout.session.expired
      void finish([emit('checkout.session.expired', publicView(session))]);
      return publicView(session);
    }
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      // https://docs.stripe.com/api/checkout/sessions/list: filters `customer` and `status` (open, complete, expired).
      requireEnum(body, 'status', ['open', 'complete', 'expired']);
      const items = [...state.checkoutSessions.values()].filter(
        (session) =>
          (body.customer === undefined || session.customer === body.customer) &&
          (body.status === undefined || session.status === body.status),
      );
      return list('/v1/checkout/sessions', items, body);
    }
    if (method === 'GET' && path === '/v1/subscriptions') {
      // https://docs.stripe.com/api/subscriptions/list: "By default, returns a list of subscriptions that have not
      // been canceled. In order to list canceled subscriptions, specify status=canceled." `all` returns every one.
      requireEnum(body, 'status', [
        'active',
        'all',
        'canceled',
        'ended',
        'incomplete',
        'incomplete_expired',
        'past_due',
        'paused',
        'trialing',
        'unpaid',
      ]);
      const status = body.status as string | undefined;
      const items = [...state.subscriptions.values()].filter(
        (sub) =>
          (body.customer === undefined || sub.customer === body.customer) &&
          (status === 'all' ||
            (status === undefined && sub.status !== 'canceled') ||
            (status === 'ended' && ['canceled', 'incomplete_expired'].includes(sub.status as string)) ||
            sub.status === status),
      );
      return list('/v1/subscriptions', items, body);
    }
    if (method === 'GET' && path === '/v1/invoices') {
      // https://docs.stripe.com/api/invoices/list: filters `customer`, `subscription`, `status`.
      requireEnum(body, 'status', ['draft', 'open', 'paid', 'uncollectible', 'void']);
      const items = [...state.invoices.values()].filter(
        (invoice) =>
          (body.customer === undefined || invoice.customer === body.customer) &&
          (body.subscription === undefined || subscriptionOf(invoice) === body.subscription) &&
          (body.status === undefined || invoice.status === body.status),
      );
      return list('/v1/invoices', items, body);
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      // https://docs.stripe.com/api/invoice-payment/list: `invoice` and `status` (open, paid, canceled).
      requireEnum(body, 'status', ['open', 'paid', 'canceled']);
      const items = [...state.invoicePayments.values()].filter(
        (payment) =>
          (body.invoice === undefined || payment.invoice === body.invoice) &&
          (body.status === undefined || payment.status === body.status),
      );
      return list('/v1/invoice_payments', items, body);
    }
    if (method === 'POST' && path === '/v1/refunds') return createRefund(body);
    const idIn = (pattern: RegExp) => {
      const found = path.match(pattern);
      return found ? decodeURIComponent(found[1] ?? '') : undefined;
    };
    const customerId = idIn(/^\/v1\/customers\/([^/]+)$/);
    const sessionId = idIn(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    const subscriptionId = idIn(/^\/v1\/subscriptions\/([^/]+)$/);
    const priceId = idIn(/^\/v1\/prices\/([^/]+)$/);
    const eventId = idIn(/^\/v1\/events\/([^/]+)$/);
    if (method === 'POST' && path === '/v1/customers') {
      const customer: Json = {
        id: newId('cus'),
        object: 'customer',
        email: body.email ?? null,
        name: body.name ?? null,
        metadata: body.metadata ?? {},
        created: seconds(),
        livemode: false,
        currency: null,
        balance: 0,
        delinquent: false,
      };
      state.customers.set(customer.id as string, customer);
      return customer;
    }
    if (customerId !== undefined) {
      const id = customerId;
      const customer = state.customers.get(id);
      if (!customer) throw missing('customer', id, 'id');
      if (method === 'GET') return customer;
      if (method === 'POST') {
        const { metadata, ...rest } = body;
        Object.assign(
          customer,
          rest,
          metadata ? { metadata: { ...(customer.metadata as Json), ...(metadata as Json) } } : {},
        );
        return customer;
      }
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const mode = requireParam(body, 'mode') as string;
      if (!['payment', 'setup', 'subscription'].includes(mode))
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Invalid mode: must be one of payment, setup, or subscription`,
          'parameter_invalid_string',
          'mode',
        );
      const lineItems = (body.line_items as Array<{ price?: string; quantity?: string }> | undefined) ?? [];
      if (mode === 'subscription' && lineItems.length === 0)
        throw new StripeApiError(
          400,
          'invalid_request_error',
          'You must provide at least one recurring price in `subscription` mode when using prices.',
          'parameter_missing',
          'line_items',
        );
      const items = lineItems.map((item, i) => {
        const price = item.price ?? '';
        if (!state.prices.has(price)) throw missing('price', price, `line_items[${i}][price]`);
        return { price, quantity: Number(item.quantity ?? 1) };
      });
      if (body.customer) requireCustomer(body.customer as string);
      const id = `cs_test_${randomBytes(24).toString('hex')}`;
      const amount = items.reduce(
        (sum, item) => sum + (state.prices.get(item.price)?.unit_amount as number) * item.quantity,
        0,
      );
      const session: Json = {
        id,
        object: 'checkout.session',
        mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        subscription: null,
        success_url: body.success_url ?? null,
        cancel_url: body.cancel_url ?? null,
        currency: 'eur',
        amount_total: amount,
        amount_subtotal: amount,
        created: seconds(),
        expires_at: seconds() + 24 * 3600,
        livemode: false,
        url: `${baseUrl}/c/pay/${id}`,
        _line_items: items,
        _subscription_metadata: (body.subscription_data as Json | undefined)?.metadata ?? {},
      };
      state.checkoutSessions.set(id, session);
      return publicView(session);
    }
    if (method === 'GET' && sessionId !== undefined) {
      const id = sessionId;
      const session = state.checkoutSessions.get(id);
      if (!session) throw missing('checkout.session', id, 'session');
      return publicView(session);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customer = requireParam(body, 'customer') as string;
      requireCustomer(customer);
      if (!state.portalConfigured)
        throw new StripeApiError(
          400,
          'invalid_request_error',
          'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
        );
      const session: Json = {
        id: newId('bps'),
        object: 'billing_portal.session',
        customer,
        return_url: body.return_url ?? null,
        created: seconds(),
        livemode: false,
        url: '',
      };
      session.url = `${baseUrl}/p/session/${session.id}`;
      state.portalSessions.set(session.id as string, session);
      return session;
    }
    if (subscriptionId !== undefined) {
      const id = subscriptionId;
      const sub = state.subscriptions.get(id);
      if (!sub) throw missing('subscription', id, 'id');
      if (method === 'GET') return sub;
      if (method === 'DELETE') {
        // "After it's canceled, you can no longer update the subscription" (https://docs.stripe.com/api/subscriptions/cancel).
        if (sub.status === 'canceled')
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `A canceled subscription can only update its cancellation_details and metadata.`,
          );
        const details = body.cancellation_details as Json | undefined;
        cancel(sub, {
          prorate: body.prorate === 'true',
          ...(typeof details?.comment === 'string' ? { comment: details.comment } : {}),
        });
        void finish([emit('customer.subscription.deleted', sub)]);
        return sub;
      }
      if (method === 'POST') {
        if (sub.status === 'canceled')
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `A canceled subscription can only update its cancellation_details and metadata.`,
          );
        if (body.metadata) sub.metadata = { ...(sub.metadata as Json), ...(body.metadata as Json) };
        if (body.cancel_at_period_end !== undefined)
          sub.cancel_at_period_end = body.cancel_at_period_end === 'true';
        void finish([emit('customer.subscription.updated', sub)]);
        return sub;
      }
    }
    if (method === 'GET' && priceId !== undefined) {
      const id = priceId;
      const price = state.prices.get(id);
      if (!price) throw missing('price', id, 'price');
      return price;
    }
    if (method === 'GET' && eventId !== undefined) {
      const id = eventId;
      const event = state.events.find((e) => e.id === id);
      if (!event) throw missing('event', id, 'id');
      return JSON.parse(event.payload) as Json;
    }
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  function sendJson(
    response: ServerResponse,
    status: number,
    body: string,
    extra: Record<string, string> = {},
  ) {
    response.writeHead(status, {
      'content-type': 'application/json',
      'request-id': newId('req'),
      'stripe-version': API_VERSION,
      ...extra,
    });
    response.end(body);
  }

  function errorBody(error: StripeApiError): string {
    return JSON.stringify({
      error: {
        type: error.type,
        message: error.message,
        ...(error.code ? { code: error.code } : {}),
        ...(error.param ? { param: error.param } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${newId('req')}`,
      },
    });
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    raw: string,
    path: string,
    query: string,
  ) {
    const method = request.method ?? 'GET';
    const body = parseStripeForm(method === 'GET' || method === 'DELETE' ? query : raw);
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    state.requests.push({ method, path, body, idempotencyKey });
    try {
      authenticate(request);
      const faultIndex = state.faults.findIndex((f) => !f.path || path.startsWith(f.path));
      if (faultIndex >= 0) {
        const fault = state.faults.splice(faultIndex, 1)[0] as StripeFault;
        const error = new StripeApiError(
          fault.status,
          fault.type ?? (fault.status === 429 ? 'invalid_request_error' : 'api_error'),
          fault.message ??
            (fault.status === 429
              ? 'Too many requests made to the API too quickly'
              : 'An unknown error occurred'),
          fault.code ?? (fault.status === 429 ? 'rate_limit' : undefined),
        );
        return sendJson(response, fault.status, errorBody(error), {
          ...(fault.retryAfterSeconds !== undefined
            ? { 'retry-after': String(fault.retryAfterSeconds) }
            : {}),
        });
      }
      const replayKey =
        idempotencyKey && method === 'POST' ? `${method} ${path} ${idempotencyKey}` : undefined;
      const replay = replayKey ? idempotent.get(replayKey) : undefined;
      if (replay) return sendJson(response, replay.status, replay.body, { 'idempotent-replayed': 'true' });
      const result = JSON.stringify(route(method, path, body));
      if (replayKey) idempotent.set(replayKey, { status: 200, body: result });
      sendJson(response, 200, result, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      // Stripe tells its SDKs not to retry a request that can only fail the same way again.
      sendJson(
        response,
        error.status,
        errorBody(error),
        error.status < 500 && error.status !== 429 ? { 'stripe-should-retry': 'false' } : {},
      );
    }
  }

  // ── hosted pages: the "browser" side of Checkout and the portal ────────────
  async function handlePage(request: IncomingMessage, response: ServerResponse, path: string) {
    const pay = path.match(/^\/c\/pay\/([^/]+)$/);
    if (pay) {
      const session = state.checkoutSessions.get(pay[1] ?? '');
      if (!session) return html(response, 404, '<h1>Checkout session not found</h1>');
      // "customers loading the Checkout Session see a message saying the Checkout Session is expired"
      // (https://docs.stripe.com/api/checkout/sessions/expire).
      if (session.status === 'expired')
        return html(response, 200, '<h1>This Checkout Session is expired</h1>');
      if (request.method === 'POST') {
        if (session.status === 'open') await completeCheckout(session.id as string);
        const target = String(session.success_url ?? '').replace(
          '{CHECKOUT_SESSION_ID}',
          session.id as string,
        );
        response.writeHead(303, { location: target || '/' });
        return response.end();
      }
      const amount = ((session.amount_total as number) / 100).toFixed(2);
      return html(
        response,
        200,
        `<h1>Fake Stripe Checkout</h1><p>${amount} EUR / month</p><form method="post"><button>Pay</button></form><a href="${escapeHtml(session.cancel_url ?? '/')}">Cancel</a>`,
      );
    }
    const portal = path.match(/^\/p\/session\/([^/]+)$/);
    if (portal) {
      const session = state.portalSessions.get(portal[1] ?? '');
      if (!session) return html(response, 404, '<h1>Portal session not found</h1>');
      return html(
        response,
        200,
        `<h1>Fake Stripe billing portal</h1><p>Customer ${escapeHtml(session.customer)}</p><a href="${escapeHtml(session.return_url ?? '/')}">Return</a>`,
      );
    }
    html(response, 404, '<h1>Not found</h1>');
  }

  const escapeHtml = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function html(response: ServerResponse, status: number, body: string) {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><body>${body}</body></html>`);
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://fake');
      const path = url.pathname;
      const work = path.startsWith('/v1/')
        ? handleApi(request, response, raw, path, url.search.slice(1))
        : handlePage(request, response, path);
      work.catch((error: unknown) => {
        if (!response.headersSent)
          sendJson(response, 500, JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    secretKey,
    webhookSecret,
    priceIds: { premium: priceIdList[0] ?? '', ultra: priceIdList[1] ?? '' },
    state,
    setWebhookUrl: (url) => {
      state.webhookUrl = url;
    },
    failNext: (fault) => {
      state.faults.push(fault);
    },
    completeCheckout,
    changePrice,
    failPayment,
    payRenewal,
    cancelSubscription,
    deliver,
    event: fakeEvent,
    eventsOfType: (type) => state.events.filter((e) => e.type === type),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
