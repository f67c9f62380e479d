import type { InteractionKind } from '../messages/platforms';
import type { ScoreFactor } from './lead';

export type ProspectLevel = 'cold' | 'warm' | 'hot';

export interface ScoringInput {
  text: string;
  interactionCount: number;
  phone: string | null;
  prospectClass: ProspectLevel | null;
  kind: InteractionKind;
  /** Optional: an email found in the conversation. */
  email?: string | null;
  /** Optional: earlier messages from the same person; intent shown before still counts (once). */
  previousTexts?: string[];
}

/**
 * The weights, in points, of every factor (documented here, shown on the lead as `scoreFactors`).
 *
 * | factor                | points | when                                                                |
 * |-----------------------|--------|---------------------------------------------------------------------|
 * | strong_intent         |   +35  | "je veux commander", "réserver", "I'll take", "how do I order"…      |
 * | price_question        |   +25  | "prix", "combien", "tarif", "devis", "how much", "price", "quote"…   |
 * | info_request          |   +10  | availability, delivery, size, location, hours                       |
 * | question              |   +10  | a question mark, or a sentence starting with a question word         |
 * | urgency               |   +10  | "urgent", "aujourd'hui", "ce week-end", "asap", "today"…            |
 * | direct_message        |   +10  | a DM or a story reply (postback: +5; comment, story mention: 0)      |
 * | repeated_interactions | +5/each| every interaction after the first, at most +20                      |
 * | phone_given           |   +25  | a phone number is known                                              |
 * | email_given           |   +10  | an email is known                                                    |
 * | ai_class_hot/warm/cold| +20/+10/−10 | the AI's (or rules') prospect class                             |
 * | not_interested        |   −40  | "pas intéressé", "arnaque", "stop", "not interested", "scam"…        |
 *
 * The intent factors (strong_intent + price_question + info_request) together give at most 45, so a message
 * stuffed with keywords cannot reach "hot" on words alone. The sum is clamped to 0–100.
 */
export const SCORE_WEIGHTS = {
  strong_intent: 35,
  price_question: 25,
  info_request: 10,
  intent_cap: 45,
  question: 10,
  urgency: 10,
  direct_message: 10,
  postback: 5,
  per_repeat: 5,
  repeat_cap: 20,
  phone_given: 25,
  email_given: 10,
  ai_class_hot: 20,
  ai_class_warm: 10,
  ai_class_cold: -10,
  not_interested: -40,
} as const;

/** Thresholds turning a score into a level (used by the rule engine's classification). */
export const LEVEL_THRESHOLDS = { hot: 60, warm: 30 } as const;

// Patterns run on lower-cased text without accents, so "réserver" and "reserver" both match.
const STRONG_INTENT =
  /\b(je (veux|voudrais|souhaite|prends|commande)|j'?(aimerais|achete|prends)|acheter|commander|reserver|reservation|interesse(e|s)?|comment (on )?(fait|faire|commande|acheter)|ou (peut[- ]on|puis[- ]je) (acheter|commander)|i('?ll| will) take|i('?d| would) like|i want|buy|purchase|order|book(ing)?|sign me up|interested|how (do|can) i (get|order|buy))\b/;
const PRICE_QUESTION =
  /\b(prix|tarifs?|combien|cout(e|ent)?|devis|how much|price|pricing|cost|quote|rates?)\b/;
const INFO_REQUEST =
  /\b(dispo(nible|nibilite)?s?|en stock|livr(aison|ez|ez-vous|er)|taille|couleur|adresse|horaires?|ouvert|available|availability|in stock|ship(ping)?|deliver(y)?|size|colou?r|address|opening hours|open)\b/;
const QUESTION_START =
  /^(est-ce|est ce|quel(le)?s?|comment|combien|ou|quand|pourquoi|avez|vous|c'est|is|are|do|does|can|could|how|what|when|where|which|who)\b/;
const URGENCY =
  /\b(urgent|vite|rapidement|aujourd'?hui|ce soir|demain|ce week-?end|asap|today|tonight|tomorrow|this week(end)?)\b/;
const NOT_INTERESTED =
  /\b(pas interesse(e|s)?|plus interesse|arnaque|escroc|stop|desabonn|spam|not interested|no thanks|scam|unsubscribe|leave me alone)\b/;

const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’`]/g, "'").toLowerCase();

/** Interest 0–100 as a sum of explainable factors (each visible on the lead). Pure: same input, same score. */
export function scoreLead(input: ScoringInput): {
  score: number;
  factors: ScoreFactor[];
  level: ProspectLevel;
} {
  const w = SCORE_WEIGHTS;
  const text = fold(input.text);
  const all = [text, ...(input.previousTexts ?? []).map(fold)].join('\n');
  const factors: ScoreFactor[] = [];
  const add = (factor: string, points: number) => factors.push({ factor, points });

  let intentBudget: number = w.intent_cap;
  const intent = (factor: string, points: number, pattern: RegExp) => {
    if (intentBudget <= 0 || !pattern.test(all)) return;
    const granted = Math.min(points, intentBudget);
    intentBudget -= granted;
    add(factor, granted);
  };
  intent('strong_intent', w.strong_intent, STRONG_INTENT);
  intent('price_question', w.price_question, PRICE_QUESTION);
  intent('info_request', w.info_request, INFO_REQUEST);

  if (text.includes('?') || QUESTION_START.test(text.trim())) add('question', w.question);
  if (URGENCY.test(text)) add('urgency', w.urgency);
  if (input.kind === 'dm' || input.kind === 'story_reply') add('direct_message', w.direct_message);
  else if (input.kind === 'postback') add('postback', w.postback);
  if (input.interactionCount > 1)
    add('repeated_interactions', Math.min(w.repeat_cap, (input.interactionCount - 1) * w.per_repeat));
  if (input.phone) add('phone_given', w.phone_given);
  if (input.email) add('email_given', w.email_given);
  if (input.prospectClass === 'hot') add('ai_class_hot', w.ai_class_hot);
  else if (input.prospectClass === 'warm') add('ai_class_warm', w.ai_class_warm);
  else if (input.prospectClass === 'cold') add('ai_class_cold', w.ai_class_cold);
  if (NOT_INTERESTED.test(text)) add('not_interested', w.not_interested);

  const score = Math.max(
    0,
    Math.min(
      100,
      factors.reduce((sum, f) => sum + f.points, 0),
    ),
  );
  return { score, factors, level: levelOf(score) };
}

/** The level a score falls in: hot ≥ 60, warm ≥ 30, cold below. */
export function levelOf(score: number): ProspectLevel {
  if (score >= LEVEL_THRESHOLDS.hot) return 'hot';
  if (score >= LEVEL_THRESHOLDS.warm) return 'warm';
  return 'cold';
}
