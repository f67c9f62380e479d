import { PlanRequiredError } from '../../errors';
import { PLAN_IDS, type PlanFeatures, type PlanId, planOf } from './catalog';

export type PlanFeature = keyof PlanFeatures;

const FEATURE_LABELS: Record<PlanFeature, string> = {
  aiReplies: 'AI-written replies',
  crmSync: 'CRM sync',
  linkedinAutomation: 'LinkedIn automation',
};

/** The cheapest plan that includes `feature` (the catalog lists plans from cheapest to dearest). */
export function cheapestPlanWith(feature: PlanFeature): PlanId | undefined {
  return PLAN_IDS.find((id) => planOf(id).features[feature]);
}

export function hasFeature(plan: string | undefined, feature: PlanFeature): boolean {
  return planOf(plan).features[feature];
}

/**
 * Guards a plan-gated action: throws PlanRequiredError (402 plan_required) naming the plan to upgrade to.
 * `plan` is the workspace's stored plan id; an unknown id counts as freemium, like everywhere else.
 */
export function requireFeature(plan: string | undefined, feature: PlanFeature): void {
  if (hasFeature(plan, feature)) return;
  const needed = cheapestPlanWith(feature);
  const upgrade = needed ? ` Upgrade to ${planOf(needed).name} to use it.` : '';
  throw new PlanRequiredError(
    `${FEATURE_LABELS[feature]} is not included in the ${planOf(plan).name} plan.${upgrade}`,
  );
}
