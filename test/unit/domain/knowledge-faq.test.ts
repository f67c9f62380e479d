import { describe, expect, it } from 'vitest';
import { type Knowledge, matchFaq } from '../../../shared/domain/knowledge/knowledge';

const knowledge: Knowledge = {
  faq: [
    { question: 'Quels sont les frais de livraison ?', answer: 'La livraison coûte 4,90 €.' },
    { question: 'Do you ship abroad?', answer: 'We ship to France, Belgium and Switzerland.' },
  ],
};

describe('Function: matchFaq', () => {
  it('answers the entry the message is about', () => {
    // Act
    const answer = matchFaq(knowledge, 'Bonjour, quels sont les frais de livraison pour Lyon ?');

    // Assess
    expect(answer?.answer).toBe('La livraison coûte 4,90 €.');
  });

  it('does not match two questions that share only how they are asked', () => {
    // Act
    const french = matchFaq(knowledge, 'Bonjour, quels sont vos tarifs pour les ateliers ?');
    const english = matchFaq(knowledge, 'Do you have any candles left?');

    // Assess
    expect(french).toBeNull();
    expect(english).toBeNull();
  });
});
