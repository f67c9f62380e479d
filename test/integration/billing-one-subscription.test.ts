import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoBillingStore } from '../../shared/adapters/dynamo/billing-store';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { type FakeStripe, startFakeStripe } from '../../simulation/stripe';
import { type ApiClient, signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * One live subscription per workspace, over HTTP against the fake Stripe: older checkouts are expired, a duplicate
 * that gets through anyway is refunded and canceled (whatever the order or the number of deliveries of its
 * events), and deleting a workspace ends its billing first.
 */
let fake: FakeStripe;
let stage: TestStage;
const store = new DynamoBillingStore(stageTable);
/**
 * The fake's clock: real time (Stripe's SDK checks webhook signatures against it, 300 s tolerance) plus an offset
 * the tests move forward, so two subscriptions are never created in the same second of Stripe's `created`.
 */
let offsetMs = 0;
const tick = () => {
  offsetMs += 2_000;
};

beforeAll(async () => {
  fake = await startFakeStripe({ now: () => new Date(Date.now() + offsetMs) });
  stage = await startTestStage({
    env: {
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_API_URL: fake.url,
      STRIPE_PRICE_PREMIUM: fake.priceIds.premium,
      STRIPE_PRICE_ULTRA: fake.priceIds.ultra,
    },
  });
  fake.setWebhookUrl(`${stage.url}/billing/webhook`);
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

type Owner = { accessToken: string; workspaceId: string };
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

async function checkout(api: ApiClient, owner: Owner, plan: string): Promise<string> {
  const response = await api.post('/billing/create-checkout', { plan }, as(owner));
  expect(response.status, response.text).toBe(200);
  const sessionId = /\/c\/pay\/(cs_test_\w+)$/.exec(response.body.url)?.[1];
  if (!sessionId) throw new Error(`unexpected checkout url ${response.body.url}`);
  return sessionId;
}

async function planOf(owner: Owner): Promise<string> {
  const usage = await stage.api.get('/billing/usage', as(owner));
  expect(usage.status, usage.text).toBe(200);
  return usage.body.plan as string;
}

const subscriptionOf = (sessionId: string) =>
  fake.state.checkoutSessions.get(sessionId)?.subscription as string;
const statusOf = (subscriptionId: string) => fake.state.subscriptions.get(subscriptionId)?.status;
const refundsOf = (customerId: unknown) =>
  [...fake.state.refunds.values()].filter(
    (r) => fake.state.paymentIntents.get(r.payment_intent as string)?.customer === customerId,
  );
const customerOf = (owner: Owner) =>
  [...fake.state.customers.values()].find(
    (c) => (c.metadata as Record<string, string>).workspaceId === owner.workspaceId,
  )?.id;

/** Checkout's expire call fails twice (the SDK's one retry included), so the older session stays payable. */
function failNextExpire() {
  for (let i = 0; i < 2; i++) fake.failNext({ status: 500, path: '/v1/checkout/sessions/' });
}

/** Premium was opened first and never paid; Ultra was bought; now the old Premium checkout is paid. */
async function duplicateAfterUpgrade() {
  const owner = await signupWithWorkspace(stage.api, 'twice');
  const premiumSession = await checkout(stage.api, owner, 'premium');
  failNextExpire();
  const ultraSession = await checkout(stage.api, owner, 'ultra');
  expect(fake.state.checkoutSessions.get(premiumSession)?.status).toBe('open');
  tick();
  await fake.completeCheckout(ultraSession);
  expect(await planOf(owner)).toBe('ultra');
  tick();
  const late = await fake.completeCheckout(premiumSession, { deliver: false });
  return { owner, ultra: subscriptionOf(ultraSession), premium: subscriptionOf(premiumSession), late };
}

describe('Routes: POST /billing/create-checkout (one payable checkout)', () => {
  it("expires the workspace's older open sessions, so an old link can no longer be paid", async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'hesitant');
    const first = await checkout(stage.api, owner, 'premium');
    // Act
    const second = await checkout(stage.api, owner, 'ultra');
    // Assess
    expect(fake.state.checkoutSessions.get(first)?.status).toBe('expired');
    expect(fake.state.checkoutSessions.get(second)?.status).toBe('open');
    const expireCalls = fake.state.requests.filter((r) => r.path === `/v1/checkout/sessions/${first}/expire`);
    expect(expireCalls).toHaveLength(1);
    const page = await fetch(`${fake.url}/c/pay/${first}`, { method: 'POST', redirect: 'manual' });
    expect(await page.text()).toContain('expired');
    await expect(fake.completeCheckout(first)).rejects.toThrow(/expired/);
    // Stripe's checkout.session.expired is acknowledged and recorded, and changes nothing.
    const expired = fake.eventsOfType('checkout.session.expired').find((e) => e.payload.includes(first));
    await vi.waitFor(() => expect(fake.state.deliveries.some((d) => d.eventId === expired?.id)).toBe(true));
    expect(await store.getEvent(expired?.id ?? '')).toMatchObject({ outcome: 'ignored_type' });
    expect(await planOf(owner)).toBe('freemium');
  });

  it('never leaves two sessions open when checkouts race', async () => {
    const owner = await signupWithWorkspace(stage.api, 'racer');
    await checkout(stage.api, owner, 'premium');
    const openSessions = () =>
      [...fake.state.checkoutSessions.values()].filter(
        (s) => s.customer === customerOf(owner) && s.status === 'open',
      );

    await Promise.all([checkout(stage.api, owner, 'premium'), checkout(stage.api, owner, 'ultra')]);

    expect(openSessions().length).toBeLessThanOrEqual(1);
    // The next checkout is the one open session.
    const next = await checkout(stage.api, owner, 'ultra');
    expect(openSessions().map((s) => s.id)).toEqual([next]);
  });
});

describe('Routes: POST /billing/webhook (a second subscription)', () => {
  it('refunds and cancels the newer duplicate, keeps the plan bought, and tells the workspace', async () => {
    // Prepare
    const { owner, ultra, premium, late } = await duplicateAfterUpgrade();
    const completed = late.events.find((e) => e.type === 'checkout.session.completed');
    // Act
    const delivery = await fake.deliver(completed?.id ?? '');
    // Assess
    expect(delivery.status, delivery.body).toBe(200);
    expect(JSON.parse(delivery.body).outcome).toBe('plan_ultra_duplicates_canceled_1');
    expect(statusOf(premium)).toBe('canceled');
    expect(statusOf(ultra)).toBe('active');
    expect(fake.state.subscriptions.get(premium)?.cancellation_details).toMatchObject({
      comment: expect.stringContaining(ultra),
    });
    const refunds = refundsOf(customerOf(owner));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 1499, reason: 'duplicate', status: 'succeeded' });
    // Canceled without proration: the full refund already gave the money back, no credit on top.
    expect(fake.state.customers.get(customerOf(owner) as string)?.balance).toBe(0);
    expect(await planOf(owner)).toBe('ultra');
    expect((await store.getAccount(owner.workspaceId))?.subscriptionId).toBe(ultra);
    const notes = await stage.api.get('/notifications', as(owner));
    expect(notes.status).toBe(200);
    const note = notes.body.items.find((n: { kind: string }) => n.kind === 'billing_duplicate_subscription');
    expect(note.body).toMatch(/Premium.*Ultra.*14\.99 EUR was refunded/s);
  });

  it('converges whatever the order, and replays of every event refund nothing more', async () => {
    // Prepare: the duplicate's own events first, in reverse, then all of them again.
    const { owner, ultra, premium, late } = await duplicateAfterUpgrade();
    const events = [...late.events].reverse();
    // Act
    for (const event of events) expect((await fake.deliver(event.id)).status).toBe(200);
    const replays = await Promise.all(events.map((event) => fake.deliver(event.id)));
    // Assess
    expect(replays.map((r) => JSON.parse(r.body).duplicate)).toEqual([true, true, true]);
    expect(statusOf(premium)).toBe('canceled');
    expect(statusOf(ultra)).toBe('active');
    expect(refundsOf(customerOf(owner))).toHaveLength(1);
    expect(await planOf(owner)).toBe('ultra');
    const notes = await stage.api.get('/notifications', as(owner));
    expect(
      notes.body.items.filter((n: { kind: string }) => n.kind === 'billing_duplicate_subscription'),
    ).toHaveLength(1);
  });

  it('refunds once when the duplicate’s events arrive concurrently', async () => {
    const { owner, ultra, premium, late } = await duplicateAfterUpgrade();

    const deliveries = await Promise.all(late.events.map((event) => fake.deliver(event.id)));

    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(statusOf(premium)).toBe('canceled');
    expect(statusOf(ultra)).toBe('active');
    expect(refundsOf(customerOf(owner))).toHaveLength(1);
    expect(await planOf(owner)).toBe('ultra');
  });

  it('refunds and cancels a subscription paid for a workspace that no longer exists', async () => {
    // Prepare: a checkout session made for a workspace, paid after the workspace is gone.
    const owner = await signupWithWorkspace(stage.api, 'gone');
    await checkout(stage.api, owner, 'premium');
    const stripe = new Stripe(fake.secretKey, {
      host: '127.0.0.1',
      port: new URL(fake.url).port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const deleted = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    expect(deleted.status).toBe(204);
    const metadata = { workspaceId: owner.workspaceId, plan: 'premium' };
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerOf(owner) as string,
      line_items: [{ price: fake.priceIds.premium, quantity: 1 }],
      metadata,
      subscription_data: { metadata },
      success_url: 'http://127.0.0.1:5173/billing',
    });
    // Act
    const paid = await fake.completeCheckout(session.id);
    // Assess
    expect(paid.deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(JSON.parse(paid.deliveries[0]?.body ?? '{}').outcome).toBe('orphan_canceled');
    expect(statusOf(subscriptionOf(session.id))).toBe('canceled');
    expect(refundsOf(customerOf(owner))).toHaveLength(1);
  });
});

describe('Routes: DELETE /workspaces/{id} (billing first)', () => {
  it('cancels the live subscription and expires open checkouts before deleting', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'leaving');
    await fake.completeCheckout(await checkout(stage.api, owner, 'premium'));
    const subscriptionId = (await store.getAccount(owner.workspaceId))?.subscriptionId as string;
    const open = [...fake.state.checkoutSessions.values()].find(
      (s) => s.customer === customerOf(owner) && s.status === 'open',
    );
    expect(open).toBeUndefined();
    // An old session that escaped expiry (Stripe failed then) must not survive the workspace.
    const stray = (
      await new Stripe(fake.secretKey, {
        host: '127.0.0.1',
        port: new URL(fake.url).port,
        protocol: 'http',
      }).checkout.sessions.create({
        mode: 'subscription',
        customer: customerOf(owner) as string,
        line_items: [{ price: fake.priceIds.ultra, quantity: 1 }],
        success_url: 'http://127.0.0.1:5173/billing',
      })
    ).id;
    // Act
    const response = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    // Assess
    expect(response.status, response.text).toBe(204);
    expect(statusOf(subscriptionId)).toBe('canceled');
    expect(fake.state.checkoutSessions.get(stray)?.status).toBe('expired');
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).status,
    ).toBe(403);
  });

  it('refuses with 409 unpaid_invoice while an invoice is open, keeping the workspace and its portal', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'debtor');
    await fake.completeCheckout(await checkout(stage.api, owner, 'premium'));
    const subscriptionId = (await store.getAccount(owner.workspaceId))?.subscriptionId as string;
    await fake.failPayment(subscriptionId);
    // Act
    const refused = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('unpaid_invoice');
    expect(refused.body.error.message).toMatch(/unpaid invoice \(14\.99 EUR\).*billing portal/);
    expect(statusOf(subscriptionId)).toBe('past_due');
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken })).status,
    ).toBe(200);
    const portal = await stage.api.post('/billing/create-portal', undefined, as(owner));
    expect(portal.status).toBe(200);

    // Once paid, the deletion goes through and cancels the subscription.
    await fake.payRenewal(subscriptionId);
    const deleted = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    expect(deleted.status).toBe(204);
    expect(statusOf(subscriptionId)).toBe('canceled');
  });

  it('keeps the workspace (and its portal) when Stripe fails to cancel, and finishes on a retry', async () => {
    const owner = await signupWithWorkspace(stage.api, 'unlucky');
    await fake.completeCheckout(await checkout(stage.api, owner, 'ultra'));
    const subscriptionId = (await store.getAccount(owner.workspaceId))?.subscriptionId as string;
    fake.failNext({ status: 500, path: `/v1/subscriptions/${subscriptionId}` });
    fake.failNext({ status: 500, path: `/v1/subscriptions/${subscriptionId}` });
    fake.failNext({ status: 500, path: `/v1/subscriptions/${subscriptionId}` });

    const failed = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });

    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('provider_error');
    expect(statusOf(subscriptionId)).toBe('active');
    expect(await planOf(owner)).toBe('ultra');
    expect((await stage.api.post('/billing/create-portal', undefined, as(owner))).status).toBe(200);
    const retried = await stage.api.delete(`/workspaces/${owner.workspaceId}`, { token: owner.accessToken });
    expect(retried.status).toBe(204);
    expect(statusOf(subscriptionId)).toBe('canceled');
  });
});
