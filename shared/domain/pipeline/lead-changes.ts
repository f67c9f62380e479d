import { answerCapture, captureAfter } from '../leads/capture';
import { saneEmail } from '../leads/email';
import { asksForDataErasure } from '../leads/erasure-request';
import type { Lead, ScoreFactor } from '../leads/lead';
import { detectPhone, normalisePhone } from '../leads/phone';
import { type ProspectLevel, SCORE_WEIGHTS, scoreLead } from '../leads/scoring';
import type { IncomingMessage } from '../messages/incoming-message';

/** The pipeline's view of a stored lead: the lead plus the dedupe keys it has already counted. */
export type CountedLead = Lead & { countedKeys: string[] };

/** How many counted dedupe keys a lead remembers: enough to absorb replays, small enough to stay in the item. */
export const COUNTED_KEYS_KEPT = 50;

/**
 * Interest accumulates: a factor once shown (purchase intent, a phone) stays, each at its highest points, so a
 * later "merci" does not erase yesterday's "combien ?".
 */
export function mergeFactors(
  previous: ScoreFactor[],
  next: ScoreFactor[],
): { score: number; factors: ScoreFactor[] } {
  const byFactor = new Map<string, number>();
  for (const { factor, points } of [...previous, ...next])
    byFactor.set(factor, Math.max(points, byFactor.get(factor) ?? Number.NEGATIVE_INFINITY));
  const factors = [...byFactor].map(([factor, points]) => ({ factor, points }));
  const score = Math.max(
    0,
    Math.min(
      100,
      factors.reduce((sum, f) => sum + f.points, 0),
    ),
  );
  return { score, factors };
}

/**
 * The lead after one more interaction, or undefined when this interaction was already counted (a replay).
 * Phone and email from the text (kept when the new message has none), score from the scoring rules, counters and the
 * last interaction (never moved backwards by a backfilled older message).
 */
export function applyInteraction(
  current: CountedLead | undefined,
  message: IncomingMessage,
  leadId: string,
  now: string,
): CountedLead | undefined {
  if (current?.countedKeys.includes(message.dedupeKey)) return undefined;
  const interactionCount = (current?.interactionCount ?? 0) + 1;
  // A tapped user_phone_number / user_email quick reply brings the number or address as its payload (Meta
  // pre-fills it from the person's profile): taken as it is when it reads as one, before the text.
  const tapped = message.payload ?? '';
  const tappedPhone = /^[+\d\s().-]{6,}$/.test(tapped) ? normalisePhone(tapped) : null;
  // The answer to a pending capture: a valid one is the lead's; an invalid one (a typo domain, two numbers) is
  // not taken from this message at all, it is asked again.
  const pending = current?.capture?.pending ?? null;
  const answer = answerCapture(pending, message);
  const answered = (field: 'email' | 'phone') => answer?.field === field;
  const captured = (field: 'email' | 'phone') => (answer?.field === field ? answer.value : null);
  const phone = answered('phone')
    ? (captured('phone') ?? current?.phone ?? null)
    : (tappedPhone ?? detectPhone(message.text) ?? current?.phone ?? null);
  const email = answered('email')
    ? (captured('email') ?? current?.email ?? null)
    : (saneEmail(tapped) ?? saneEmail(message.text) ?? current?.email ?? null);
  const scored = scoreLead({
    text: message.text,
    interactionCount,
    phone,
    email,
    prospectClass: current?.prospectClass ?? null,
    kind: message.kind,
  });
  const { score, factors } = mergeFactors(current?.scoreFactors ?? [], scored.factors);
  const newer = !current || message.occurredAt >= current.lastInteractionAt;
  return {
    id: leadId,
    workspaceId: message.workspaceId,
    platform: message.platform,
    externalUserId: message.author.platformUserId,
    displayName: message.author.displayName ?? current?.displayName ?? null,
    username: message.author.username ?? current?.username ?? null,
    status: current?.status ?? 'new',
    score,
    scoreFactors: factors,
    prospectClass: current?.prospectClass ?? null,
    prospectReason: current?.prospectReason ?? null,
    phone,
    email,
    tags: current?.tags ?? [],
    notes: current?.notes ?? '',
    interactionCount,
    lastInteractionAt: newer ? message.occurredAt : current.lastInteractionAt,
    lastMessageText: newer ? message.text : current.lastMessageText,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    crm: current?.crm ?? {},
    lastDeliveryError: current?.lastDeliveryError ?? null,
    erasureRequestedAt:
      current?.erasureRequestedAt ?? (message.echo || !asksForDataErasure(message.text) ? null : now),
    capture: pending && answer ? captureAfter(pending, answer, now) : (current?.capture ?? null),
    qualifiedBy: current?.qualifiedBy ?? null,
    countedKeys: [...(current?.countedKeys ?? []), message.dedupeKey].slice(-COUNTED_KEYS_KEPT),
  };
}

/** What the AI engine added to one message's rule scoring (lead-qualifier.ts). */
export interface Qualification {
  /** The model's class and reason, or null when the model did not answer (the rules' score stands). */
  prospect: { class: ProspectLevel; reason: string } | null;
  /** The model's reading of an ambiguous number (E.164), or null to keep the rules'. */
  phone: string | null;
}

const AI_CLASS_FACTOR = /^ai_class_/;

/**
 * The lead with the model's qualification of this message claimed (before the model is called, so two deliveries
 * of one message running at once call it once), or undefined when it was claimed already.
 */
export function claimQualification(
  current: CountedLead | undefined,
  dedupeKey: string,
  now: string,
): CountedLead | undefined {
  if (!current || current.qualifiedBy === dedupeKey) return undefined;
  return { ...current, qualifiedBy: dedupeKey, updatedAt: now };
}

/**
 * The lead once the model qualified it: its class replaces the previous `ai_class_*` factor (a prospect that
 * cooled down loses "hot"), its reason is kept with it, and a number it read where the rules hesitated is the
 * lead's phone (scored `phone_given`). Undefined when the model brought nothing.
 */
export function applyQualification(
  current: CountedLead | undefined,
  qualification: Qualification,
  now: string,
): CountedLead | undefined {
  if (!current || (!qualification.prospect && !qualification.phone)) return undefined;
  let factors = current.scoreFactors;
  const { prospect } = qualification;
  if (prospect)
    factors = [
      ...factors.filter((f) => !AI_CLASS_FACTOR.test(f.factor)),
      { factor: `ai_class_${prospect.class}`, points: SCORE_WEIGHTS[`ai_class_${prospect.class}`] },
    ];
  const phone = qualification.phone ?? current.phone;
  if (phone && !factors.some((f) => f.factor === 'phone_given'))
    factors = [...factors, { factor: 'phone_given', points: SCORE_WEIGHTS.phone_given }];
  const { score } = mergeFactors([], factors);
  return {
    ...current,
    score,
    scoreFactors: factors,
    prospectClass: prospect?.class ?? current.prospectClass,
    prospectReason: prospect?.reason ?? current.prospectReason ?? null,
    phone,
    updatedAt: now,
  };
}
