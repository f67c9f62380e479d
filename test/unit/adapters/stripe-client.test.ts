import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  STRIPE_API_VERSION,
  StripeApiError,
  StripeClient,
  StripeSignatureError,
  stripeForm,
  verifyStripeSignature,
} from '../../../shared/adapters/stripe/stripe-client';
import { StripePaymentGateway } from '../../../shared/adapters/stripe/stripe-gateway';
import { ProviderError } from '../../../shared/errors';
import { WebhookSignatureError } from '../../../shared/services/billing/errors';
import { type FakeRequest, type FakeResponse, startFakeServer } from '../../../simulation/http-kit';
import { type FakeStripe, parseStripeForm, startFakeStripe } from '../../../simulation/stripe';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const NOW_SECONDS = NOW / 1000;
const SECRET = 'whsec_unit_test_secret';

/** A Stripe stand-in that answers what the test queues (or hangs), recording each request. */
async function scripted() {
  const queue: Array<FakeResponse | 'hang'> = [];
  const seen: FakeRequest[] = [];
  const server = await startFakeServer(async (request) => {
    seen.push(request);
    const next = queue.shift() ?? { status: 200, body: { id: 'obj_default', object: 'customer' } };
    if (next === 'hang') return new Promise<FakeResponse>(() => {});
    return next;
  });
  return { ...server, seen, queue };
}

const signed = (payload: string, timestamp = NOW_SECONDS, secret = SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

const stripeError = (
  status: number,
  error: Record<string, string>,
  headers: Record<string, string> = {},
) => ({
  status,
  body: { error },
  headers,
});

describe('Function: stripeForm', () => {
  it('encodes nested objects with brackets and arrays by index', () => {
    // Prepare
    const params = {
      mode: 'subscription',
      line_items: [{ price: 'price_1', quantity: 1 }],
      metadata: { workspaceId: 'ws 1', plan: 'premium' },
      subscription_data: { metadata: { workspaceId: 'ws 1' } },
    };

    // Act
    const form = stripeForm(params);

    // Assess
    expect(form).toBe(
      'mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1' +
        '&metadata[workspaceId]=ws%201&metadata[plan]=premium&subscription_data[metadata][workspaceId]=ws%201',
    );
  });

  it('leaves undefined out, sends null empty and booleans as words, and escapes what qs escapes', () => {
    // Prepare
    const params = { a: undefined, b: null, prorate: false, c: "it's (50%)*!", d: [undefined, 'x'] };

    // Act
    const form = stripeForm(params);

    // Assess
    expect(form).toBe('b=&prorate=false&c=it%27s%20%2850%25%29%2A%21&d[1]=x');
  });

  it('is read back as sent by the simulated Stripe (built from the docs)', () => {
    // Prepare
    const params = {
      customer: 'cus_1',
      line_items: [
        { price: 'price_a', quantity: 2 },
        { price: 'price_b', quantity: 1 },
      ],
      cancellation_details: { comment: 'a & b = c?' },
    };

    // Act
    const parsed = parseStripeForm(stripeForm(params));

    // Assess
    expect(parsed).toEqual({
      customer: 'cus_1',
      line_items: [
        { price: 'price_a', quantity: '2' },
        { price: 'price_b', quantity: '1' },
      ],
      cancellation_details: { comment: 'a & b = c?' },
    });
  });
});

describe('Class: StripeClient', () => {
  let server: Awaited<ReturnType<typeof scripted>>;

  beforeAll(async () => {
    server = await scripted();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.queue.length = 0;
    server.seen.length = 0;
  });

  const client = (options: { timeoutMs?: number } = {}) =>
    new StripeClient('sk_test_unit', server.url, { retryDelayMs: 0, ...options });

  describe('Method: post', () => {
    it('sends a form body with the Bearer key, the pinned Stripe-Version and an Idempotency-Key', async () => {
      // Prepare
      server.queue.push({ status: 200, body: { id: 'cus_1', object: 'customer' } });

      // Act
      const customer = await client().post<{ id: string }>(
        '/v1/customers',
        { metadata: { a: 'b' } },
        'key-1',
      );

      // Assess
      expect(customer.id).toBe('cus_1');
      const [request] = server.seen;
      expect(request).toMatchObject({ method: 'POST', body: 'metadata[a]=b' });
      expect(request?.url.pathname).toBe('/v1/customers');
      expect(request?.headers).toMatchObject({
        authorization: 'Bearer sk_test_unit',
        'stripe-version': STRIPE_API_VERSION,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': 'key-1',
      });
    });

    it('pins the API version the installed SDK pins', () => {
      // Assess
      expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    });

    it('retries a 5xx once with the same generated Idempotency-Key', async () => {
      // Prepare
      server.queue.push(stripeError(500, { type: 'api_error', message: 'boom' }), {
        status: 200,
        body: { id: 'cs_1' },
      });

      // Act
      const session = await client().post<{ id: string }>('/v1/checkout/sessions', { mode: 'subscription' });

      // Assess
      expect(session.id).toBe('cs_1');
      const keys = server.seen.map((r) => r.headers['idempotency-key']);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^flowia-retry-[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
    });

    it('retries a 409 and an answer saying Stripe-Should-Retry: true, not one saying false', async () => {
      // Prepare
      server.queue.push(
        stripeError(409, { type: 'api_error', message: 'lock_timeout' }),
        { status: 200, body: { id: 'a' } },
        stripeError(400, { type: 'invalid_request_error', message: 'x' }, { 'stripe-should-retry': 'true' }),
        { status: 200, body: { id: 'b' } },
        stripeError(503, { type: 'api_error', message: 'no' }, { 'stripe-should-retry': 'false' }),
      );

      // Act
      const conflict = await client().post<{ id: string }>('/v1/refunds', {});
      const advised = await client().post<{ id: string }>('/v1/refunds', {});
      const refused = await client()
        .post('/v1/refunds', {})
        .catch((error: unknown) => error);

      // Assess
      expect([conflict.id, advised.id]).toEqual(['a', 'b']);
      expect(refused).toMatchObject({ status: 503, message: 'no' });
      expect(server.seen).toHaveLength(5);
    });

    it('does not retry a 4xx or a 429', async () => {
      // Prepare
      server.queue.push(
        stripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', message: 'Missing' }),
        stripeError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many' }),
      );

      // Act
      const missing = await client()
        .post('/v1/customers')
        .catch((error: unknown) => error);
      const limited = await client()
        .post('/v1/customers')
        .catch((error: unknown) => error);

      // Assess
      expect(missing).toBeInstanceOf(StripeApiError);
      expect(missing).toMatchObject({
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_missing',
        message: 'Missing',
        invalidRequest: true,
      });
      expect(limited).toMatchObject({ status: 429, code: 'rate_limit', invalidRequest: false });
      expect(server.seen).toHaveLength(2);
    });

    it('gives up after one retry when no answer comes in time, with the SDK timeout message', async () => {
      // Prepare: a server of its own that never answers, so an aborted request arriving late reaches no other
      // test's server; the attempts are counted where they leave (an attempt aborted before it reached the
      // server on a busy machine still counts).
      const silent = await scripted();
      silent.queue.push('hang', 'hang');
      const keys: Array<string | null> = [];
      const fetchFn: typeof fetch = (input, init) => {
        keys.push(new Headers(init?.headers).get('idempotency-key'));
        return fetch(input, init);
      };

      // Act
      const error = await new StripeClient('sk_test_unit', silent.url, {
        retryDelayMs: 0,
        timeoutMs: 100,
        fetchFn,
      })
        .post('/v1/customers')
        .catch((e: unknown) => e)
        .finally(() => silent.stop());

      // Assess
      expect(error).toMatchObject({
        status: 0,
        message: 'Request aborted due to timeout being reached (100ms)',
      });
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/\S+/);
      expect(keys[1]).toBe(keys[0]);
    });
  });

  describe('Method: get', () => {
    it('puts the parameters in the query string and sends no body or Idempotency-Key', async () => {
      // Prepare
      server.queue.push({ status: 200, body: { object: 'list', data: [] } });

      // Act
      await client().get('/v1/checkout/sessions', { customer: 'cus_1', status: 'open', limit: 100 });

      // Assess
      const [request] = server.seen;
      expect(request?.method).toBe('GET');
      expect(request?.url.search).toBe('?customer=cus_1&status=open&limit=100');
      expect(request?.body).toBe('');
      expect(request?.headers['idempotency-key']).toBeUndefined();
    });

    it('reads an unreadable body as an API error, not a success', async () => {
      // Prepare
      server.queue.push({ status: 200, raw: '<html>proxy</html>' });

      // Act
      const error = await client()
        .get('/v1/customers/cus_1')
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        message: 'Invalid JSON received from the Stripe API',
        invalidRequest: false,
      });
    });
  });

  describe('Method: delete', () => {
    it('sends its parameters in the query string, as stripe-node does', async () => {
      // Prepare
      server.queue.push({ status: 200, body: { id: 'sub_1', status: 'canceled' } });

      // Act
      await client().delete('/v1/subscriptions/sub_1', {
        prorate: false,
        cancellation_details: { comment: 'bye' },
      });

      // Assess
      const [request] = server.seen;
      expect(request?.method).toBe('DELETE');
      expect(decodeURIComponent(request?.url.search ?? '')).toBe(
        '?prorate=false&cancellation_details[comment]=bye',
      );
    });
  });

  it('sends the bytes the stripe SDK sends for the same call', async () => {
    // Prepare
    const sdk = new Stripe('sk_test_unit', {
      host: '127.0.0.1',
      port: new URL(server.url).port,
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
    });
    const params = {
      mode: 'subscription' as const,
      customer: 'cus_1',
      line_items: [{ price: 'price_1', quantity: 1 }],
      metadata: { workspaceId: "w's (1)" },
      success_url: 'https://app.test/ok?session={CHECKOUT_SESSION_ID}',
    };
    server.queue.push({ status: 200, body: { id: 'cs_1' } }, { status: 200, body: { id: 'cs_1' } });

    // Act
    await sdk.checkout.sessions.create(params);
    await client().post('/v1/checkout/sessions', params);

    // Assess
    const [fromSdk, ours] = server.seen;
    expect(ours?.body).toBe(fromSdk?.body);
    expect(ours?.headers['stripe-version']).toBe(fromSdk?.headers['stripe-version']);
  });
});

describe('Function: verifyStripeSignature', () => {
  const payload = JSON.stringify({ id: 'evt_1', object: 'event' });

  it('accepts a body signed with the endpoint secret within the tolerance', () => {
    // Prepare
    const header = signed(payload, NOW_SECONDS - 299);

    // Act
    const verify = () => verifyStripeSignature(payload, header, SECRET, 300, NOW);

    // Assess
    expect(verify).not.toThrow();
  });

  it('accepts a header whose second v1 matches (a secret being rolled)', () => {
    // Prepare
    const good = signed(payload).split('v1=')[1];
    const header = `t=${NOW_SECONDS},v1=${'0'.repeat(64)},v1=${good},v0=ignored`;

    // Act
    const verify = () => verifyStripeSignature(payload, header, SECRET, 300, NOW);

    // Assess
    expect(verify).not.toThrow();
  });

  it.each([
    ['a tampered body', `${payload} `, signed(payload), /matching the expected signature/],
    [
      'another secret',
      payload,
      signed(payload, NOW_SECONDS, 'whsec_other'),
      /matching the expected signature/,
    ],
    ['a stale timestamp', payload, signed(payload, NOW_SECONDS - 301), /tolerance zone/],
    ['a header without t=', payload, `v1=${'a'.repeat(64)}`, /extract timestamp/],
    ['a header without v1=', payload, `t=${NOW_SECONDS},v0=abc`, /expected scheme/],
    ['an empty header', payload, '', /No stripe-signature header/],
    ['an empty body', '', signed(''), /No webhook payload/],
  ])('refuses %s', (_case, body, header, message) => {
    // Act
    const verify = () => verifyStripeSignature(body, header, SECRET, 300, NOW);

    // Assess
    expect(verify).toThrow(StripeSignatureError);
    expect(verify).toThrow(message);
  });
});

describe('Class: StripePaymentGateway', () => {
  let fake: FakeStripe;
  let gateway: StripePaymentGateway;

  beforeAll(async () => {
    fake = await startFakeStripe({ now: () => new Date(NOW), webhookSecret: SECRET });
    gateway = new StripePaymentGateway(
      new StripeClient(fake.secretKey, fake.url, { retryDelayMs: 0 }),
      fake.webhookSecret,
      () => NOW,
    );
  });
  afterAll(async () => {
    await fake.stop();
  });

  const customer = () =>
    gateway.createCustomer({ workspaceId: `ws-${Math.random()}`, name: 'n', email: 'e@x.test' });
  const openSession = async (customerId: string) =>
    gateway.createCheckoutSession({
      customerId,
      priceId: fake.priceIds.premium,
      workspaceId: 'ws-1',
      plan: 'premium',
      successUrl: 'https://app.test/ok',
      cancelUrl: 'https://app.test/no',
    });

  describe('Method: createCustomer', () => {
    it('keeps its own Idempotency-Key on the retry after a 500, so one customer is made', async () => {
      // Prepare
      fake.failNext({ status: 500, path: '/v1/customers' });
      const before = fake.state.customers.size;

      // Act
      const id = await gateway.createCustomer({ workspaceId: 'ws-retry', name: 'Shop', email: 'o@x.test' });

      // Assess
      const posts = fake.state.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/customers')
        .slice(-2);
      expect(posts.map((r) => r.idempotencyKey)).toEqual([
        'flowia-customer-ws-retry',
        'flowia-customer-ws-retry',
      ]);
      expect(fake.state.customers.size).toBe(before + 1);
      expect(fake.state.customers.get(id)?.metadata).toEqual({ workspaceId: 'ws-retry' });
    });
  });

  describe('Method: createCheckoutSession', () => {
    it('is accepted by the simulated Stripe with its line items and metadata', async () => {
      // Prepare
      const customerId = await customer();

      // Act
      const session = await openSession(customerId);

      // Assess
      expect(session.url).toContain('/c/pay/');
      const stored = fake.state.checkoutSessions.get(session.id);
      expect(stored).toMatchObject({
        mode: 'subscription',
        customer: customerId,
        client_reference_id: 'ws-1',
      });
      expect(stored?._line_items).toEqual([{ price: fake.priceIds.premium, quantity: 1 }]);
      expect(stored?._subscription_metadata).toEqual({ workspaceId: 'ws-1', plan: 'premium' });
    });

    it("turns a Stripe refusal into a ProviderError with Stripe's message", async () => {
      // Act
      const error = await openSession('cus_unknown').catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as Error).message).toBe("Stripe rejected the request: No such customer: 'cus_unknown'");
    });
  });

  describe('Method: expireCheckoutSession', () => {
    it('expires an open session, and reads back one that is no longer open', async () => {
      // Prepare
      const session = await openSession(await customer());

      // Act
      const first = await gateway.expireCheckoutSession(session.id);
      const second = await gateway.expireCheckoutSession(session.id);

      // Assess
      expect([first, second]).toEqual(['expired', 'not_open']);
    });
  });

  describe('Method: getSubscription', () => {
    it('answers undefined for a subscription Stripe does not know (resource_missing)', async () => {
      // Act
      const subscription = await gateway.getSubscription('sub_unknown');

      // Assess
      expect(subscription).toBeUndefined();
    });

    it('maps a subscription after checkout, and cancels it', async () => {
      // Prepare
      const session = await openSession(await customer());
      await fake.completeCheckout(session.id, { deliver: false });
      const id = fake.state.checkoutSessions.get(session.id)?.subscription as string;

      // Act
      const live = await gateway.getSubscription(id);
      await gateway.cancelSubscription(id, 'workspace deleted');
      await gateway.cancelSubscription(id, 'workspace deleted');

      // Assess
      expect(live).toMatchObject({
        id,
        status: 'active',
        priceId: fake.priceIds.premium,
        created: NOW_SECONDS,
      });
      expect(fake.state.subscriptions.get(id)).toMatchObject({
        status: 'canceled',
        cancellation_details: { comment: 'workspace deleted' },
      });
    });
  });

  describe('Method: workspaceOfCustomer', () => {
    it('reads the workspace from the metadata, undefined for an unknown customer', async () => {
      // Prepare
      const id = await gateway.createCustomer({ workspaceId: 'ws-meta', name: 'n', email: 'e@x.test' });

      // Act
      const known = await gateway.workspaceOfCustomer(id);
      const unknown = await gateway.workspaceOfCustomer('cus_unknown');

      // Assess
      expect([known, unknown]).toEqual(['ws-meta', undefined]);
    });
  });

  describe('Method: refundInvoice', () => {
    it('refunds what an invoice paid and skips a payment already refunded (charge_already_refunded)', async () => {
      // Prepare
      const session = await openSession(await customer());
      await fake.completeCheckout(session.id, { deliver: false });
      const subscription = fake.state.subscriptions.get(
        fake.state.checkoutSessions.get(session.id)?.subscription as string,
      );
      const invoice = subscription?.latest_invoice as string;
      const intent = [...fake.state.invoicePayments.values()].find((p) => p.invoice === invoice)?.payment as {
        payment_intent: string;
      };
      fake.state.paymentIntents.get(intent.payment_intent)!._amount_refunded = 1499;

      // Act
      const refunded = await gateway.refundInvoice(invoice, 'duplicate');

      // Assess
      expect(refunded).toEqual({ amount: 0, currency: 'eur' });
    });
  });

  describe('Method: listOpenInvoices', () => {
    it('turns a network failure into a ProviderError after one retry', async () => {
      // Prepare
      const closed = await startFakeServer(() => ({ status: 200 }));
      await closed.stop();
      const offline = new StripePaymentGateway(
        new StripeClient('sk_test_x', closed.url, { retryDelayMs: 0 }),
        SECRET,
      );

      // Act
      const error = await offline.listOpenInvoices('cus_1').catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as Error).message).toBe(
        'Stripe rejected the request: An error occurred with our connection to Stripe. Request was retried 1 times.',
      );
    });
  });

  describe('Method: parseWebhook', () => {
    const event = (object: Record<string, unknown>) =>
      JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'customer.subscription.updated',
        created: 1,
        data: { object },
      });

    it('returns the event a valid signature covers', () => {
      // Prepare
      const body = event({
        object: 'subscription',
        id: 'sub_1',
        customer: 'cus_1',
        metadata: { workspaceId: 'w' },
      });

      // Act
      const parsed = gateway.parseWebhook(body, signed(body));

      // Assess
      expect(parsed).toEqual({
        id: 'evt_1',
        type: 'customer.subscription.updated',
        created: 1,
        subscriptionId: 'sub_1',
        customerId: 'cus_1',
        workspaceId: 'w',
      });
    });

    it.each([
      ['no header', () => undefined, 'The Stripe-Signature header is missing.'],
      [
        'a forged signature',
        (b: string) => signed(b, NOW_SECONDS, 'whsec_forged'),
        'The webhook signature is invalid.',
      ],
      ['a replay', (b: string) => signed(b, NOW_SECONDS - 600), 'The webhook signature is invalid.'],
    ])('refuses %s with WebhookSignatureError', (_case, header, message) => {
      // Prepare
      const body = event({ object: 'subscription', id: 'sub_1' });

      // Act
      const parse = () => gateway.parseWebhook(body, header(body));

      // Assess
      expect(parse).toThrow(WebhookSignatureError);
      expect(parse).toThrow(message);
    });

    it('refuses a signed body that is not JSON as unreadable', () => {
      // Prepare
      const body = '{not json';

      // Act
      const parse = () => gateway.parseWebhook(body, signed(body));

      // Assess
      expect(parse).toThrow('The webhook payload could not be read.');
    });
  });
});
