import { describe, expect, it } from 'vitest';
import { grantsPlan, planForSubscription } from '../../../shared/domain/billing/subscription-plan';

const prices = { premium: 'price_p', ultra: 'price_u' };

describe('Function: planForSubscription', () => {
  it('maps the paid price of an active or trialing subscription to its plan', () => {
    expect(
      planForSubscription({ status: 'active', priceId: 'price_p', metadataPlan: undefined }, prices),
    ).toBe('premium');
    expect(
      planForSubscription({ status: 'trialing', priceId: 'price_u', metadataPlan: undefined }, prices),
    ).toBe('ultra');
  });

  it('falls back to the plan in the metadata for a price it does not know (a retired price)', () => {
    expect(
      planForSubscription({ status: 'active', priceId: 'price_old', metadataPlan: 'ultra' }, prices),
    ).toBe('ultra');
    expect(
      planForSubscription({ status: 'active', priceId: 'price_old', metadataPlan: 'gold' }, prices),
    ).toBe('freemium');
  });

  it('downgrades to freemium for every status that is not paid up', () => {
    for (const status of ['past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused']) {
      expect(grantsPlan(status)).toBe(false);
      expect(planForSubscription({ status, priceId: 'price_u', metadataPlan: 'ultra' }, prices)).toBe(
        'freemium',
      );
    }
  });
});
