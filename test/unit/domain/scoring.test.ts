import { describe, expect, it } from 'vitest';
import { levelOf, SCORE_WEIGHTS, type ScoringInput, scoreLead } from '../../../shared/domain/leads/scoring';

const base: ScoringInput = {
  text: '',
  interactionCount: 1,
  phone: null,
  prospectClass: null,
  kind: 'comment',
};
const factorsOf = (input: Partial<ScoringInput>) =>
  Object.fromEntries(scoreLead({ ...base, ...input }).factors.map((f) => [f.factor, f.points]));

describe('Function: scoreLead', () => {
  it('scores a plain compliment on a comment at zero', () => {
    expect(scoreLead({ ...base, text: 'Trop beau 😍' })).toEqual({ score: 0, factors: [], level: 'cold' });
  });

  it('explains each point with a named factor, FR and EN, accents optional', () => {
    expect(factorsOf({ text: 'Je veux commander, quel est le prix ?' })).toEqual({
      strong_intent: 35,
      price_question: 10,
      question: 10,
    });
    expect(factorsOf({ text: 'how much is it? is it available?' })).toEqual({
      price_question: 25,
      info_request: 10,
      question: 10,
    });
    expect(factorsOf({ text: 'reserver pour demain' })).toEqual({ strong_intent: 35, urgency: 10 });
  });

  it('caps the intent words at 45 so keywords alone never make a lead hot', () => {
    const { score, factors } = scoreLead({
      ...base,
      text: 'acheter commander prix tarif devis livraison dispo',
    });
    const intent = factors.filter((f) =>
      ['strong_intent', 'price_question', 'info_request'].includes(f.factor),
    );
    expect(intent.reduce((sum, f) => sum + f.points, 0)).toBe(SCORE_WEIGHTS.intent_cap);
    expect(levelOf(score)).toBe('warm');
  });

  it('adds channel, repetition (capped), phone, email and AI class', () => {
    expect(
      factorsOf({
        kind: 'dm',
        interactionCount: 9,
        phone: '+33612345678',
        email: 'a@b.fr',
        prospectClass: 'hot',
      }),
    ).toEqual({
      direct_message: 10,
      repeated_interactions: 20,
      phone_given: 25,
      email_given: 10,
      ai_class_hot: 20,
    });
    expect(factorsOf({ kind: 'postback', interactionCount: 2, prospectClass: 'warm' })).toEqual({
      postback: 5,
      repeated_interactions: 5,
      ai_class_warm: 10,
    });
  });

  it('lowers the score for a cold class and for explicit disinterest, never below 0', () => {
    expect(scoreLead({ ...base, text: 'pas intéressé, stop', prospectClass: 'cold' }).score).toBe(0);
    const { factors } = scoreLead({ ...base, kind: 'dm', text: 'prix ? non merci, not interested' });
    expect(factors).toContainEqual({ factor: 'not_interested', points: SCORE_WEIGHTS.not_interested });
  });

  it('counts intent shown in earlier messages', () => {
    expect(factorsOf({ text: 'ok', previousTexts: ['combien pour deux ?'] })).toEqual({ price_question: 25 });
  });

  it('clamps at 100 and maps levels at 30 and 60', () => {
    const { score, level } = scoreLead({
      text: 'Je veux commander aujourd’hui, combien ?',
      interactionCount: 5,
      phone: '+33612345678',
      prospectClass: 'hot',
      kind: 'dm',
    });
    expect(score).toBe(100);
    expect(level).toBe('hot');
    expect([levelOf(29), levelOf(30), levelOf(59), levelOf(60)]).toEqual(['cold', 'warm', 'warm', 'hot']);
  });

  it('is pure: the same input gives the same result', () => {
    const input = { ...base, text: 'Prix svp ?', kind: 'dm' as const };
    expect(scoreLead(input)).toEqual(scoreLead(input));
  });
});
