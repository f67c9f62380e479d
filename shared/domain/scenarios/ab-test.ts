import { createHash } from 'node:crypto';
import type { AbVariant, ScenarioStep } from './actions';
import type { ScenarioTrigger } from './scenario';
import { unknownPlaceholders } from './template';

/**
 * A/B test of a scenario's DM: two or more versions of the message sent in DM (a `dm` or `private_reply`
 * action, or a `reply` to a DM trigger), split by weight. Each lead always gets the same version (a hash of
 * the scenario and the lead), so a person never sees both and every retry sends the words already chosen, and
 * the analytics report each version's funnel (domain/analytics/funnel.ts).
 *
 * Not to be confused with a step's `variants` (actions.ts): those are rotating wordings of a public reply, so
 * the page does not post one sentence a hundred times; they are not measured apart.
 */
export const AB_LIMITS = { variants: 5, idLength: 20, weight: 100 } as const;
export const AB_VARIANT_ID = /^[A-Za-z0-9_-]+$/;

/** The index of the scenario's step that carries the A/B test, or -1 (at most one step does: validated). */
export const abStepIndex = (steps: readonly Pick<ScenarioStep, 'abVariants'>[]): number =>
  steps.findIndex((step) => (step.abVariants?.length ?? 0) > 0);

/**
 * The version one lead gets: its hash point falls in one variant's share of the total weight. Deterministic
 * per (scenario, lead); independent of the message, so the comment, the follow-up and a replay all agree.
 */
export function assignVariant(variants: readonly AbVariant[], scenarioId: string, leadId: string): AbVariant {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  const point = createHash('sha256').update(`${scenarioId}\n${leadId}`).digest().readUInt32BE(0) % total;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (point < upTo) return variant;
  }
  return variants[variants.length - 1]!;
}

/** The variant id a scenario's messages to this lead are counted under, or null without an A/B test. */
export function variantOf(
  scenario: { id: string; actions: readonly Pick<ScenarioStep, 'abVariants'>[] },
  leadId: string,
): AbVariant | null {
  const index = abStepIndex(scenario.actions);
  if (index === -1) return null;
  return assignVariant(scenario.actions[index]!.abVariants!, scenario.id, leadId);
}

/** Where an A/B test may sit and what it may carry (checked on create and on the merged update). */
export function abTestProblems(
  steps: readonly ScenarioStep[],
  trigger: ScenarioTrigger,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const tested = steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => (step.abVariants ?? []).length > 0);
  if (tested.length > 1)
    problems.push({
      path: `actions.${tested[1]!.index}.abVariants`,
      message: 'one A/B test per scenario: keep abVariants on a single action',
    });
  for (const { step, index } of tested) {
    const versions = step.abVariants ?? [];
    const at = (field: string) => `actions.${index}.${field}`;
    const publicReply = step.action === 'reply' && ['comment', 'mention', 'any'].includes(trigger);
    if (!['dm', 'private_reply', 'reply'].includes(step.action) || publicReply)
      problems.push({
        path: at('abVariants'),
        message:
          'an A/B test splits a DM (dm, private_reply, or reply to a DM trigger); a public reply rotates its wordings with variants',
      });
    if (versions.length < 2)
      problems.push({ path: at('abVariants'), message: 'an A/B test needs at least two versions' });
    if (step.variants.length > 0)
      problems.push({
        path: at('variants'),
        message: 'an A/B-tested DM is measured per version: use abVariants alone, not rotating variants',
      });
    if (step.elements.length > 0)
      problems.push({
        path: at('abVariants'),
        message: 'a card carries its words in its elements: nothing to split',
      });
    const seen = new Set<string>();
    versions.forEach((variant, i) => {
      if (seen.has(variant.id))
        problems.push({
          path: at(`abVariants.${i}.id`),
          message: `version id "${variant.id}" is used twice`,
        });
      seen.add(variant.id);
      const unknown = unknownPlaceholders(variant.message);
      if (unknown.length > 0)
        problems.push({
          path: at(`abVariants.${i}.message`),
          message: `unknown placeholder(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}: use {{firstName}} or {{username}}`,
        });
    });
  }
  return problems;
}
