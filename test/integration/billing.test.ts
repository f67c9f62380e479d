import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBillingStore } from '../../shared/adapters/dynamo/billing-store';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { resetConfig } from '../../shared/config';
import { quotaService } from '../../shared/wiring/quota';
import { type FakeStripe, startFakeStripe } from '../../simulation/stripe';
import { type ApiClient, signup, signupWithWorkspace } from '../support/api';
import { joinWorkspace } from '../support/members';
import { startTestStage, type TestStage } from '../support/stage';

let fake: FakeStripe;
let stage: TestStage;
const FRONTEND = 'http://127.0.0.1:5173';

beforeAll(async () => {
  fake = await startFakeStripe();
  stage = await startTestStage({
    env: {
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_API_URL: fake.url,
      STRIPE_PRICE_PREMIUM: fake.priceIds.premium,
      STRIPE_PRICE_ULTRA: fake.priceIds.ultra,
      FRONTEND_URL: FRONTEND,
    },
  });
  fake.setWebhookUrl(`${stage.url}/billing/webhook`);
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

const store = new DynamoBillingStore(stageTable);

async function checkout(api: ApiClient, owner: { accessToken: string; workspaceId: string }, plan: string) {
  const response = await api.post(
    '/billing/create-checkout',
    { plan },
    { token: owner.accessToken, workspaceId: owner.workspaceId },
  );
  expect(response.status, response.text).toBe(200);
  const sessionId = /\/c\/pay\/(cs_test_\w+)$/.exec(response.body.url)?.[1];
  if (!sessionId) throw new Error(`unexpected checkout url ${response.body.url}`);
  return { url: response.body.url as string, sessionId };
}

/** A workspace whose owner has paid for `plan` (events delivered in Stripe's usual order). */
async function subscribed(plan: 'premium' | 'ultra', deliver = true) {
  const owner = await signupWithWorkspace(stage.api, 'payer');
  const { sessionId } = await checkout(stage.api, owner, plan);
  const result = await fake.completeCheckout(sessionId, { deliver });
  const subscriptionId = fake.state.checkoutSessions.get(sessionId)?.subscription as string;
  return { owner, sessionId, subscriptionId, ...result };
}

async function planOf(owner: { accessToken: string; workspaceId: string }) {
  const usage = await stage.api.get('/billing/usage', {
    token: owner.accessToken,
    workspaceId: owner.workspaceId,
  });
  expect(usage.status, usage.text).toBe(200);
  return usage.body.plan as string;
}

const subscriptionFetches = () =>
  fake.state.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/subscriptions/')).length;

describe('Routes: GET /billing/plans', () => {
  it('serves the plan catalog the backend enforces, without a token', async () => {
    const response = await stage.api.get('/billing/plans');
    expect(response.status).toBe(200);
    expect(
      response.body.items.map((p: { id: string; dmPerDay: number | null }) => [p.id, p.dmPerDay]),
    ).toEqual([
      ['freemium', 10],
      ['premium', 100],
      ['ultra', null],
    ]);
    expect(response.body.items[1].price).toEqual({ amountMinor: 1499, currency: 'EUR', interval: 'month' });
    expect(response.body.items[2].price.amountMinor).toBe(2999);
  });
});

describe('Routes: POST /billing/create-checkout', () => {
  it('opens a subscription Checkout for the plan price, for one Stripe customer per workspace', async () => {
    const owner = await signupWithWorkspace(stage.api, 'buyer');
    const first = await checkout(stage.api, owner, 'premium');
    const second = await checkout(stage.api, owner, 'ultra');

    expect(first.url.startsWith(`${fake.url}/c/pay/`)).toBe(true);
    const sessions = [first, second].map((s) => fake.state.checkoutSessions.get(s.sessionId));
    const customers = [...fake.state.customers.values()].filter(
      (c) => (c.metadata as Record<string, string>).workspaceId === owner.workspaceId,
    );
    expect(customers).toHaveLength(1);
    expect(customers[0]?.email).toBe(owner.email);
    expect(sessions[0]).toMatchObject({
      mode: 'subscription',
      customer: customers[0]?.id,
      client_reference_id: owner.workspaceId,
      metadata: { workspaceId: owner.workspaceId, plan: 'premium' },
      _subscription_metadata: { workspaceId: owner.workspaceId, plan: 'premium' },
      _line_items: [{ price: fake.priceIds.premium, quantity: 1 }],
      success_url: `${FRONTEND}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${FRONTEND}/billing?checkout=cancel`,
    });
    expect(sessions[1]).toMatchObject({
      customer: customers[0]?.id,
      _line_items: [{ price: fake.priceIds.ultra }],
    });
  });

  it('refuses a second subscription while one is live (409), and a plan that is not for sale (400)', async () => {
    const { owner } = await subscribed('premium');
    const again = await stage.api.post(
      '/billing/create-checkout',
      { plan: 'ultra' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const free = await stage.api.post(
      '/billing/create-checkout',
      { plan: 'freemium' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(free.status).toBe(400);
    expect(free.body.error.details[0].path).toBe('plan');
  });

  it('answers 502 provider_error when Stripe keeps failing, with no Stripe detail leaking a key', async () => {
    const owner = await signupWithWorkspace(stage.api, 'unlucky');
    // The SDK retries once (maxNetworkRetries: 1): two failures exhaust it.
    fake.failNext({ status: 500, path: '/v1/checkout/sessions' });
    fake.failNext({ status: 500, path: '/v1/checkout/sessions' });
    const response = await stage.api.post(
      '/billing/create-checkout',
      { plan: 'premium' },
      { token: owner.accessToken, workspaceId: owner.workspaceId },
    );
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('provider_error');
    expect(response.text).not.toContain(fake.secretKey);
  });
});

describe('Routes: POST /billing/webhook', () => {
  it('moves the workspace to Premium once the checkout is paid; usage then shows 100 DM/day', async () => {
    const { owner, deliveries, events } = await subscribed('premium');

    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ['customer.subscription.created', 200],
      ['invoice.paid', 200],
      ['checkout.session.completed', 200],
    ]);
    await quotaService().consumeDm({ id: owner.workspaceId, plan: 'premium', timezone: 'Europe/Paris' });
    await quotaService().consumeDm({ id: owner.workspaceId, plan: 'premium', timezone: 'Europe/Paris' });
    const usage = await stage.api.get('/billing/usage', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(usage.body).toMatchObject({ plan: 'premium', dmLimitPerDay: 100, dmSentToday: 2 });
    expect(Date.parse(usage.body.resetsAt)).toBeGreaterThan(Date.now());
    const workspace = await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    expect(workspace.body.plan).toBe('premium');

    // Every event is recorded with its type, creation time and outcome.
    const record = await store.getEvent(events[0]?.id ?? '');
    expect(record).toMatchObject({
      eventType: 'customer.subscription.created',
      status: 'processed',
      outcome: 'plan_premium',
      workspaceId: owner.workspaceId,
      attempts: 1,
    });
    expect(record?.created).toBe(new Date((events[0]?.created ?? 0) * 1000).toISOString());
  });

  it('acknowledges a replayed event without acting on it again', async () => {
    const { owner, events } = await subscribed('premium');
    const created = events[0];
    if (!created) throw new Error('no event');
    const fetchesBefore = subscriptionFetches();

    const replay = await fake.deliver(created.id);

    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.body)).toEqual({ received: true, duplicate: true, outcome: 'duplicate' });
    expect(subscriptionFetches()).toBe(fetchesBefore);
    expect(await store.getEvent(created.id)).toMatchObject({ attempts: 1, outcome: 'plan_premium' });
    expect(await planOf(owner)).toBe('premium');
  });

  it('ends on the right plan when "updated" arrives before "created"', async () => {
    const { owner, subscriptionId, events } = await subscribed('premium', false);
    const upgrade = await fake.changePrice(subscriptionId, fake.priceIds.ultra, { deliver: false });

    const updated = upgrade.events[0];
    if (!updated) throw new Error('no event');
    expect((await fake.deliver(updated.id)).status).toBe(200);
    expect(await planOf(owner)).toBe('ultra');
    for (const event of events) expect((await fake.deliver(event.id)).status).toBe(200);

    expect(await planOf(owner)).toBe('ultra');
  });

  it('does not resurrect a cancelled plan when a stale "updated" arrives after "deleted"', async () => {
    const { owner, subscriptionId } = await subscribed('premium');
    const stale = (await fake.changePrice(subscriptionId, fake.priceIds.ultra, { deliver: false })).events[0];
    const deleted = (await fake.cancelSubscription(subscriptionId, { deliver: false })).events[0];
    if (!stale || !deleted) throw new Error('no event');
    // The stale event's own payload still says "active, ultra".
    expect(JSON.parse(stale.payload).data.object.status).toBe('active');

    expect((await fake.deliver(deleted.id)).status).toBe(200);
    expect((await fake.deliver(stale.id)).status).toBe(200);

    expect(await planOf(owner)).toBe('freemium');
  });

  it('rejects a bad signature with 400 and stores nothing', async () => {
    const { owner, subscriptionId } = await subscribed('premium');
    const event = (await fake.cancelSubscription(subscriptionId, { deliver: false })).events[0];
    if (!event) throw new Error('no event');
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      `t=${now},v1=${'0'.repeat(64)}`,
      Stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret: 'whsec_not_the_secret' }),
      // Correctly signed, but older than the 300 s tolerance: a replay.
      Stripe.webhooks.generateTestHeaderString({
        payload: event.payload,
        secret: fake.webhookSecret,
        timestamp: now - 301,
      }),
    ];
    for (const signature of forged) {
      const delivery = await fake.deliver(event.id, { signature });
      expect(delivery.status).toBe(400);
      expect(JSON.parse(delivery.body).error.code).toBe('invalid_signature');
    }
    const unsigned = await stage.api.request('POST', '/billing/webhook', {
      rawBody: event.payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
    const tampered = await stage.api.request('POST', '/billing/webhook', {
      rawBody: event.payload.replace('canceled', 'active'),
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: event.payload,
          secret: fake.webhookSecret,
        }),
      },
    });
    expect(tampered.status).toBe(400);

    expect(await store.getEvent(event.id)).toBeUndefined();
    expect(await planOf(owner)).toBe('premium');
  });

  it('downgrades on a failed payment and on cancellation, keeping the workspace and its data', async () => {
    const { owner, subscriptionId } = await subscribed('premium');
    const mate = await signup(stage.api, 'teammate');
    await joinWorkspace(stage.api, owner, mate);
    await quotaService().consumeDm({ id: owner.workspaceId, plan: 'premium', timezone: 'Europe/Paris' });

    const failed = await fake.failPayment(subscriptionId);
    expect(failed.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['invoice.payment_failed', 200],
      ['customer.subscription.updated', 200],
    ]);
    const usage = await stage.api.get('/billing/usage', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(usage.body).toMatchObject({ plan: 'freemium', dmLimitPerDay: 10, dmSentToday: 1 });

    await fake.payRenewal(subscriptionId);
    expect(await planOf(owner)).toBe('premium');

    await fake.cancelSubscription(subscriptionId);
    expect(await planOf(owner)).toBe('freemium');
    const workspace = await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    expect(workspace.status).toBe(200);
    expect(workspace.body.members.map((m: { email: string }) => m.email).sort()).toEqual(
      [owner.email, mate.email].sort(),
    );
    expect((await store.getAccount(owner.workspaceId))?.customerId).toMatch(/^cus_/);
    // A cancelled workspace may subscribe again.
    expect((await checkout(stage.api, owner, 'ultra')).url).toContain('/c/pay/');
  });

  it('acknowledges event types it does not act on, and records them', async () => {
    const { events } = await subscribed('premium', false);
    const invoicePaid = events.find((e) => e.type === 'invoice.paid');
    if (!invoicePaid) throw new Error('no event');
    const body = JSON.parse(invoicePaid.payload);
    body.id = `evt_other_${Date.now()}`;
    body.type = 'invoice.finalized';
    const payload = JSON.stringify(body);
    const response = await stage.api.request('POST', '/billing/webhook', {
      rawBody: payload,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret }),
      },
    });
    expect(response.status).toBe(200);
    expect(await store.getEvent(body.id)).toMatchObject({ status: 'processed', outcome: 'ignored_type' });
  });
});

describe('Routes: POST /billing/create-portal', () => {
  it('opens the portal for a workspace with a customer, and says why not without one (409)', async () => {
    const owner = await signupWithWorkspace(stage.api, 'newcomer');
    const none = await stage.api.post('/billing/create-portal', undefined, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/no billing account/);

    const { owner: payer } = await subscribed('premium');
    const portal = await stage.api.post('/billing/create-portal', undefined, {
      token: payer.accessToken,
      workspaceId: payer.workspaceId,
    });
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(new RegExp(`^${fake.url}/p/session/bps_`));
    const session = [...fake.state.portalSessions.values()].at(-1);
    expect(session?.return_url).toBe(`${FRONTEND}/billing`);
  });
});

describe('Billing roles', () => {
  it('lets only owners and admins manage billing; members read usage', async () => {
    const owner = await signupWithWorkspace(stage.api, 'boss');
    const member = await signup(stage.api, 'staff');
    const admin = await signup(stage.api, 'manager');
    for (const [user, role] of [
      [member, 'member'],
      [admin, 'admin'],
    ] as const)
      await joinWorkspace(stage.api, owner, user, role);
    const as = (token: string) => ({ token, workspaceId: owner.workspaceId });

    const memberCheckout = await stage.api.post(
      '/billing/create-checkout',
      { plan: 'premium' },
      as(member.accessToken),
    );
    const memberPortal = await stage.api.post('/billing/create-portal', undefined, as(member.accessToken));
    expect([memberCheckout.status, memberPortal.status]).toEqual([403, 403]);
    expect(memberCheckout.body.error.code).toBe('forbidden');
    expect((await stage.api.get('/billing/usage', as(member.accessToken))).status).toBe(200);
    expect(
      (await stage.api.post('/billing/create-checkout', { plan: 'premium' }, as(admin.accessToken))).status,
    ).toBe(200);
    const outsider = await signup(stage.api, 'outsider');
    expect((await stage.api.get('/billing/usage', as(outsider.accessToken))).status).toBe(403);
    expect((await stage.api.get('/billing/usage', { workspaceId: owner.workspaceId })).status).toBe(401);
  });
});

describe('Billing without Stripe configured', () => {
  it('answers 503 provider_not_configured, while plans and usage still work', async () => {
    const owner = await signupWithWorkspace(stage.api, 'offline');
    const saved = { key: process.env.STRIPE_SECRET_KEY, hook: process.env.STRIPE_WEBHOOK_SECRET };
    process.env.STRIPE_SECRET_KEY = '';
    process.env.STRIPE_WEBHOOK_SECRET = '';
    resetConfig();
    try {
      const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
      const checkoutResponse = await stage.api.post('/billing/create-checkout', { plan: 'premium' }, as);
      const portal = await stage.api.post('/billing/create-portal', undefined, as);
      const webhook = await stage.api.request('POST', '/billing/webhook', {
        rawBody: '{}',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      });
      for (const response of [checkoutResponse, portal, webhook]) {
        expect(response.status).toBe(503);
        expect(response.body.error.code).toBe('provider_not_configured');
      }
      expect((await stage.api.get('/billing/usage', as)).body).toMatchObject({
        plan: 'freemium',
        dmLimitPerDay: 10,
      });
      expect((await stage.api.get('/billing/plans')).status).toBe(200);
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key;
      process.env.STRIPE_WEBHOOK_SECRET = saved.hook;
      resetConfig();
    }
  });
});
