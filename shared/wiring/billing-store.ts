import { DynamoBillingStore } from '../adapters/dynamo/billing-store';
import { stageTable } from '../adapters/dynamo/client';
import { built } from './container';

/**
 * The workspace's plan and billing link, without needing Stripe (usage works on an unconfigured server). Apart
 * from `billing.ts` so a route that only reads it (GET /billing/usage) does not bundle the Stripe SDK.
 */
export function billingStore(): DynamoBillingStore {
  return built(billingStore, () => new DynamoBillingStore(stageTable));
}
