import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamo';
import { DynamoBillingStore } from '../../shared/adapters/dynamo/billing-store';
import { resetDynamo, stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../../shared/adapters/dynamo/workspace-store';
import { resetConfig } from '../../shared/config';
import type { SubscriptionUpdate } from '../../shared/services/billing/ports';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = 'billing-store-test';
  resetConfig();
  resetDynamo();
  await ensureTable(dynamo.endpoint, 'billing-store-test');
});
afterAll(async () => {
  resetDynamo();
  await dynamo.stop();
});

const store = new DynamoBillingStore(stageTable);
let counter = 0;
async function workspace() {
  counter += 1;
  const id = `ws-billing-${counter}`;
  await new DynamoWorkspaceStore(stageTable).createWorkspace({
    id,
    name: 'Shop',
    plan: 'freemium',
    timezone: 'Europe/Paris',
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'u1',
  });
  return id;
}
const update = (changes: Partial<SubscriptionUpdate>): SubscriptionUpdate => ({
  plan: 'premium',
  subscriptionId: 'sub_1',
  customerId: 'cus_1',
  status: 'active',
  priceId: 'price_p',
  currentPeriodEnd: 1_800_000_000,
  observedAt: 1_000,
  grantsPlan: true,
  ...changes,
});
const event = (id: string) => ({
  id,
  type: 'customer.subscription.updated',
  created: 1_750_000_000,
  subscriptionId: 'sub_1',
  customerId: 'cus_1',
  workspaceId: undefined,
});

describe('Class: DynamoBillingStore', () => {
  describe('Method: applySubscription', () => {
    it('never lets a state read earlier overwrite one read later', async () => {
      const id = await workspace();
      expect(await store.applySubscription(id, update({ plan: 'ultra', observedAt: 2_000 }))).toBe('applied');
      expect(await store.applySubscription(id, update({ plan: 'premium', observedAt: 1_000 }))).toBe('stale');
      expect(await store.getAccount(id)).toMatchObject({ plan: 'ultra', subscriptionId: 'sub_1' });
      const workspaceView = await new DynamoWorkspaceStore(stageTable).getWorkspace(id);
      expect(workspaceView?.plan).toBe('ultra');
    });

    it('lets an old subscription ending leave the plan a newer subscription pays for', async () => {
      const id = await workspace();
      await store.applySubscription(id, update({ subscriptionId: 'sub_new', observedAt: 1_000 }));
      const ended = update({
        subscriptionId: 'sub_old',
        plan: 'freemium',
        status: 'canceled',
        grantsPlan: false,
        observedAt: 2_000,
      });
      expect(await store.applySubscription(id, ended)).toBe('not_current_subscription');
      expect(await store.getAccount(id)).toMatchObject({ plan: 'premium', subscriptionId: 'sub_new' });
    });

    it('reports a workspace that no longer exists, without creating it', async () => {
      expect(await store.applySubscription('ws-gone', update({}))).toBe('workspace_not_found');
      expect(await store.getAccount('ws-gone')).toBeUndefined();
    });
  });

  describe('Method: saveCustomer', () => {
    it('keeps the first customer linked to a workspace', async () => {
      const id = await workspace();
      expect(await store.saveCustomer(id, 'cus_first')).toBe('cus_first');
      expect(await store.saveCustomer(id, 'cus_second')).toBe('cus_first');
    });
  });

  describe('Method: claimEvent', () => {
    it('claims an event once, lets a failed or expired attempt be retried, and never a processed one', async () => {
      const now = new Date('2025-06-10T10:00:00Z');
      const later = new Date(now.getTime() + 121_000);
      expect(await store.claimEvent(event('evt_a'), now, 120)).toBe('claimed');
      expect(await store.claimEvent(event('evt_a'), now, 120)).toBe('in_progress');
      // The first attempt died without a word: once its lease is over, a retry may take it.
      expect(await store.claimEvent(event('evt_a'), later, 120)).toBe('claimed');
      await store.failEvent('evt_a', 'ProviderError');
      expect(await store.getEvent('evt_a')).toMatchObject({ status: 'failed', attempts: 2 });
      expect(await store.claimEvent(event('evt_a'), later, 120)).toBe('claimed');
      await store.finishEvent('evt_a', { outcome: 'plan_premium', workspaceId: 'ws-1' });
      expect(await store.claimEvent(event('evt_a'), later, 120)).toBe('already_processed');
      expect(await store.getEvent('evt_a')).toEqual({
        eventId: 'evt_a',
        eventType: 'customer.subscription.updated',
        created: new Date(1_750_000_000_000).toISOString(),
        status: 'processed',
        outcome: 'plan_premium',
        workspaceId: 'ws-1',
        attempts: 3,
      });
    });
  });
});
