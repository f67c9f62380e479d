import type { ScoreFactor } from './lead';

export interface ScoringInput {
  text: string;
  interactionCount: number;
  phone: string | null;
  prospectClass: 'cold' | 'warm' | 'hot' | null;
  kind: 'comment' | 'dm' | 'story_reply' | 'postback' | 'read';
}

const PURCHASE_INTENT =
  /\b(prix|tarif|combien|acheter|commander|dispo(nible)?|r[ée]server|price|cost|how much|buy|order|available|book|devis|quote)\b/i;

/** Interest 0–100 as a sum of explainable factors (each visible on the lead). */
export function scoreLead(input: ScoringInput): { score: number; factors: ScoreFactor[] } {
  const factors: ScoreFactor[] = [];
  if (PURCHASE_INTENT.test(input.text)) factors.push({ factor: 'purchase_intent', points: 30 });
  if (input.text.includes('?')) factors.push({ factor: 'question', points: 10 });
  if (input.kind === 'dm' || input.kind === 'story_reply')
    factors.push({ factor: 'direct_message', points: 10 });
  if (input.interactionCount > 1)
    factors.push({ factor: 'repeated_interactions', points: Math.min(20, (input.interactionCount - 1) * 5) });
  if (input.phone) factors.push({ factor: 'phone_given', points: 25 });
  if (input.prospectClass === 'hot') factors.push({ factor: 'ai_class_hot', points: 20 });
  else if (input.prospectClass === 'warm') factors.push({ factor: 'ai_class_warm', points: 10 });
  const score = Math.max(
    0,
    Math.min(
      100,
      factors.reduce((sum, f) => sum + f.points, 0),
    ),
  );
  return { score, factors };
}
