import { describe, expect, it } from 'vitest';
import { detectPhone, detectPhones, normalisePhone } from '../../../shared/domain/leads/phone';
import { phoneCorpus } from '../../data/phone-corpus';

describe('Function: detectPhone', () => {
  it('reads the common French and international forms as E.164', () => {
    for (const [text, expected] of [
      ['06 12 34 56 78', '+33612345678'],
      ['06.12.34.56.78', '+33612345678'],
      ['06-12-34-56-78', '+33612345678'],
      ['+33 6 12 34 56 78', '+33612345678'],
      ['+33 (0)6 12 34 56 78', '+33612345678'],
      ['0033 6 12 34 56 78', '+33612345678'],
      ['call +44 7911 123456', '+447911123456'],
    ] as const)
      expect(detectPhone(text), text).toBe(expected);
  });

  it('reads disguised numbers: spelled digits, styled fonts, keycaps, look-alike letters', () => {
    expect(detectPhone('zéro six douze trente-quatre cinquante-six soixante-dix-huit')).toBe('+33612345678');
    expect(detectPhone('zero six one two three four five six seven eight')).toBe('+33612345678');
    expect(detectPhone('𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖')).toBe('+33612345678');
    expect(detectPhone('0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣')).toBe('+33612345678');
    expect(detectPhone('O6 l2 34 56 78')).toBe('+33612345678');
  });

  it('does not take prices, dates, order numbers or postal codes for phones', () => {
    for (const text of [
      '1 250 000 €',
      'le 12/05/2024 à 14h30',
      'commande n° 0612345678',
      '75011 Paris',
      'Je veux deux ou trois pièces, six au total',
    ])
      expect(detectPhone(text), text).toBeNull();
  });

  it('uses the default country for national forms', () => {
    expect(detectPhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(detectPhone('(415) 555-2671')).toBeNull();
  });

  it('finds every distinct number, in order', () => {
    expect(detectPhones('06 12 34 56 78 ou 07 81 22 33 44, sinon 06 12 34 56 78').map((p) => p.e164)).toEqual(
      ['+33612345678', '+33781223344'],
    );
  });

  it('normalises a number already isolated (e.g. by a model), or rejects it', () => {
    expect(normalisePhone('06 12 34 56 78')).toBe('+33612345678');
    expect(normalisePhone('0044 7911 123456')).toBe('+447911123456');
    expect(normalisePhone('+33 1 23')).toBeNull();
  });
});

describe('Corpus: phone detection precision and recall', () => {
  it(`measures ${phoneCorpus.length} real-world-style messages and meets the thresholds`, () => {
    // Prepare
    expect(phoneCorpus.length).toBeGreaterThanOrEqual(60);
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];

    // Act
    for (const { text, expected } of phoneCorpus) {
      const found = detectPhone(text);
      if (found !== null && found === expected) truePositives += 1;
      if (found !== null && found !== expected) falsePositives += 1;
      if (expected !== null && found !== expected) falseNegatives += 1;
      if (found !== expected) mistakes.push(`  ${JSON.stringify(text)}: expected ${expected}, got ${found}`);
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.info(
      `phone detection on ${phoneCorpus.length} messages: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
        `(TP ${truePositives}, FP ${falsePositives}, FN ${falseNegatives})${mistakes.length ? `\n${mistakes.join('\n')}` : ''}`,
    );

    // Assess: a false phone on a lead is worse than a missed one, so precision has the higher bar.
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
