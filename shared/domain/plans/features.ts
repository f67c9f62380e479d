import { PlanRequiredError } from '../../errors';
import type { Platform } from '../messages/platforms';
import { PLAN_IDS, type PlanFeatures, type PlanId, planOf } from './catalog';

export type PlanFeature = keyof PlanFeatures;

const FEATURE_LABELS: Record<PlanFeature, string> = {
  aiReplies: 'AI-written replies',
  crmSync: 'CRM sync',
  linkedinAutomation: 'LinkedIn automation',
  aiLeadQualification: 'AI lead qualification',
};

/** The cheapest plan that includes `feature` (the catalog lists plans from cheapest to dearest). */
export function cheapestPlanWith(feature: PlanFeature): PlanId | undefined {
  return PLAN_IDS.find((id) => planOf(id).features[feature]);
}

export function hasFeature(plan: string | undefined, feature: PlanFeature): boolean {
  return planOf(plan).features[feature];
}

/** "LinkedIn automation is not included in the Freemium plan. Upgrade to Ultra to use it." */
export function planRequiredMessage(plan: string | undefined, feature: PlanFeature): string {
  const needed = cheapestPlanWith(feature);
  const upgrade = needed ? ` Upgrade to ${planOf(needed).name} to use it.` : '';
  return `${FEATURE_LABELS[feature]} is not included in the ${planOf(plan).name} plan.${upgrade}`;
}

/**
 * Guards a plan-gated action: throws PlanRequiredError (402 plan_required) naming the plan to upgrade to.
 * `plan` is the workspace's stored plan id; an unknown id counts as freemium, like everywhere else.
 */
export function requireFeature(plan: string | undefined, feature: PlanFeature): void {
  if (hasFeature(plan, feature)) return;
  throw new PlanRequiredError(planRequiredMessage(plan, feature));
}

/** The feature a platform's automation needs, if any: LinkedIn runs a browser on the member's session. */
const PLATFORM_FEATURES: Partial<Record<Platform, PlanFeature>> = { linkedin: 'linkedinAutomation' };

export function featureForPlatform(platform: Platform): PlanFeature | undefined {
  return PLATFORM_FEATURES[platform];
}

/** Why the plan does not automate this platform (a sentence naming the plan needed), or null when it does. */
export function platformNotInPlan(plan: string | undefined, platform: Platform): string | null {
  const feature = featureForPlatform(platform);
  return feature && !hasFeature(plan, feature) ? planRequiredMessage(plan, feature) : null;
}
