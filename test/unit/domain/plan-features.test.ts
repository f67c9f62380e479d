import { describe, expect, it } from 'vitest';
import { PLAN_IDS, PLANS, planOf } from '../../../shared/domain/plans/catalog';
import {
  cheapestPlanWith,
  featureForPlatform,
  hasFeature,
  platformNotInPlan,
  requireFeature,
} from '../../../shared/domain/plans/features';
import { PlanRequiredError } from '../../../shared/errors';

describe('Module: plan catalog', () => {
  it('sells Freemium 10 DM/day free, Premium 14.99 EUR 100 DM/day, Ultra 29.99 EUR unlimited', () => {
    expect(PLANS.freemium).toMatchObject({ price: null, dmPerDay: 10 });
    expect(PLANS.premium).toMatchObject({ price: { amountMinor: 1499, currency: 'EUR' }, dmPerDay: 100 });
    expect(PLANS.ultra).toMatchObject({ price: { amountMinor: 2999, currency: 'EUR' }, dmPerDay: null });
    expect(PLAN_IDS).toEqual(['freemium', 'premium', 'ultra']);
  });

  it('treats an unknown plan id as freemium', () => {
    expect(planOf('gold').id).toBe('freemium');
    expect(planOf(undefined).id).toBe('freemium');
  });
});

describe('Function: requireFeature', () => {
  it('lets a plan that includes the feature through', () => {
    expect(() => requireFeature('premium', 'crmSync')).not.toThrow();
    expect(() => requireFeature('ultra', 'linkedinAutomation')).not.toThrow();
  });

  it('throws a 402 plan_required naming the cheapest plan with the feature', () => {
    let caught: unknown;
    try {
      requireFeature('freemium', 'crmSync');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PlanRequiredError);
    expect(caught).toMatchObject({ status: 402, code: 'plan_required' });
    expect((caught as Error).message).toContain('Premium');
    expect(() => requireFeature('premium', 'linkedinAutomation')).toThrow(/Ultra/);
  });

  it('finds the cheapest plan per feature', () => {
    expect(cheapestPlanWith('aiReplies')).toBe('premium');
    expect(cheapestPlanWith('linkedinAutomation')).toBe('ultra');
    expect(hasFeature('unknown-plan', 'aiReplies')).toBe(false);
  });
});

describe('Function: platformNotInPlan', () => {
  it('names the plan LinkedIn automation needs, and lets every other platform through', () => {
    expect(featureForPlatform('linkedin')).toBe('linkedinAutomation');
    expect(platformNotInPlan('freemium', 'linkedin')).toBe(
      'LinkedIn automation is not included in the Freemium plan. Upgrade to Ultra to use it.',
    );
    expect(platformNotInPlan('ultra', 'linkedin')).toBeNull();
    for (const platform of ['instagram', 'facebook', 'tiktok', 'youtube'] as const) {
      expect(featureForPlatform(platform)).toBeUndefined();
      expect(platformNotInPlan('freemium', platform)).toBeNull();
    }
  });
});
