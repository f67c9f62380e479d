import { describe, expect, it } from 'vitest';
import {
  foldText,
  keywordMatches,
  keywordProblem,
  matchKeywords,
  stemWord,
} from '../../../shared/domain/scenarios/keyword-match';
import { keywordRuleProblems } from '../../../shared/domain/scenarios/validation';

describe('Function: keywordMatches', () => {
  describe('Mode: word (the default)', () => {
    it.each([
      ['vos tarifs ?', 'tarif'],
      ['Quel est votre TARIF', 'tarifs'],
      ['le prix svp', 'prix'],
      ['Les PRIX ?', 'prix'],
      ['livraisons possibles ?', 'livraison'],
      ['Livraison à Lyon ?', 'livraisons'],
      ['what are your prices?', 'price'],
      ['price please', 'prices'],
      ['des bijoux en or', 'bijou'],
      ['deux chevaux', 'cheval'],
      ['all categories', 'category'],
      ['two boxes', 'box'],
      ['red dresses', 'dress'],
      ['robe livrée demain ?', 'livré'],
      ["c'est combien l'adresse ?", 'adresse'],
      ['Réservation possible ?', 'reservation'],
      ['how much is it?', 'how much'],
      ['How   MUCH', 'how much'],
      ['#promo du jour', 'promo'],
    ])('"%s" matches "%s"', (text, keyword) => {
      // Act
      const matched = keywordMatches(text, keyword, 'word');

      // Assess
      expect(matched).toBe(true);
    });

    it.each([
      ["j'ai pris la robe", 'prix'],
      ['grille tarifaire', 'tarif'],
      ['much how', 'how much'],
      ['promotion', 'promo'],
      ['anything', '   '],
      ['', 'prix'],
    ])('"%s" does not match "%s"', (text, keyword) => {
      expect(keywordMatches(text, keyword, 'word')).toBe(false);
    });
  });

  describe('Mode: contains', () => {
    it('finds the keyword inside words, case and accents folded', () => {
      expect(keywordMatches('grille TARIFAIRE', 'tarif', 'contains')).toBe(true);
      expect(keywordMatches('PROMOTION', 'promo', 'contains')).toBe(true);
      expect(keywordMatches('Élégant', 'elegant', 'contains')).toBe(true);
      expect(keywordMatches('bonjour', 'promo', 'contains')).toBe(false);
    });
  });

  describe('Mode: exact', () => {
    it('needs the whole message to be the keyword, punctuation and case aside', () => {
      expect(keywordMatches('INFO !', 'info', 'exact')).toBe(true);
      expect(keywordMatches('  Info.', 'info', 'exact')).toBe(true);
      expect(keywordMatches('info svp', 'info', 'exact')).toBe(false);
      expect(keywordMatches('infos', 'info', 'exact')).toBe(false);
    });
  });

  describe('Mode: starts_with', () => {
    it('needs the message to begin with the keyword, plurals folded', () => {
      expect(keywordMatches('Infos svp', 'info', 'starts_with')).toBe(true);
      expect(keywordMatches('go !', 'go', 'starts_with')).toBe(true);
      expect(keywordMatches('Prix de la robe ?', 'prix', 'starts_with')).toBe(true);
      expect(keywordMatches('quel prix ?', 'prix', 'starts_with')).toBe(false);
      expect(keywordMatches('information', 'info', 'starts_with')).toBe(false);
    });
  });

  describe('Keywords: emoji and hashtags', () => {
    it('matches an emoji, with skin tones and presentation selectors folded', () => {
      expect(keywordMatches('🔥🔥🔥', '🔥', 'word')).toBe(true);
      expect(keywordMatches('trop beau ❤️', '❤', 'word')).toBe(true);
      expect(keywordMatches('trop beau ❤', '❤️', 'word')).toBe(true);
      expect(keywordMatches('👍🏽 ok', '👍', 'word')).toBe(true);
      expect(keywordMatches('👍🏽', '👍', 'exact')).toBe(true);
      expect(keywordMatches('merci', '🔥', 'word')).toBe(false);
      expect(keywordMatches('prix 🔥', 'prix 🔥', 'word')).toBe(true);
    });

    it('matches a hashtag keyword only as that exact hashtag', () => {
      expect(keywordMatches('Je participe #CONCOURS', '#concours', 'word')).toBe(true);
      expect(keywordMatches('Je participe au concours', '#concours', 'word')).toBe(false);
      expect(keywordMatches('#concours2026', '#concours', 'word')).toBe(false);
      expect(keywordMatches('#concours', '#concours', 'exact')).toBe(true);
    });
  });
});

describe('Function: stemWord', () => {
  it('maps the plural and gender forms of a word onto one stem, leaving short words alone', () => {
    // Prepare
    const pairs = [
      ['tarif', 'tarifs'],
      ['price', 'prices'],
      ['livraison', 'livraisons'],
      ['bateau', 'bateaux'],
      ['serie', 'series'],
      ['house', 'houses'],
      ['class', 'classes'],
    ];

    // Act
    const stems = pairs.map(([a, b]) => [stemWord(a!), stemWord(b!)]);

    // Assess
    for (const [a, b] of stems) expect(a).toBe(b);
    expect(stemWord('prix')).not.toBe(stemWord('pris'));
    expect(stemWord('bus')).toBe('bus');
    expect(stemWord('colis')).toBe('colis');
  });
});

describe('Function: matchKeywords', () => {
  it('any: the first keyword that matches; all: every keyword; none: every message', () => {
    // Prepare
    const any = { keywords: ['tarif', 'combien'], match: 'word' as const, keywordsRequired: 'any' as const };
    const all = { ...any, keywordsRequired: 'all' as const };

    // Act & Assess
    expect(matchKeywords('combien pour vos tarifs ?', any)).toEqual(['tarif']);
    expect(matchKeywords('combien ?', any)).toEqual(['combien']);
    expect(matchKeywords('combien ?', all)).toBeNull();
    expect(matchKeywords('combien pour vos tarifs ?', all)).toEqual(['tarif', 'combien']);
    expect(matchKeywords('bonjour', any)).toBeNull();
    expect(matchKeywords('bonjour', { ...any, keywords: [] })).toEqual([]);
  });
});

describe('Function: keywordRuleProblems', () => {
  it('names the keyword that can never match, and "all" without keywords', () => {
    expect(keywordProblem('tarif')).toBeNull();
    expect(keywordProblem('🔥')).toBeNull();
    expect(keywordProblem('#promo')).toBeNull();
    expect(keywordProblem('?!')).toMatch(/no letter, digit, emoji or hashtag/);
    expect(keywordRuleProblems({ keywords: ['ok', '...'], keywordsRequired: 'any' })).toEqual([
      { path: 'keywords.1', message: expect.stringMatching(/no letter/) },
    ]);
    expect(keywordRuleProblems({ keywords: [], keywordsRequired: 'all' })).toEqual([
      { path: 'keywordsRequired', message: '"all" needs at least one keyword' },
    ]);
  });
});

describe('Function: foldText', () => {
  it('folds case, accents, apostrophes and spaces', () => {
    expect(foldText('  L’Été  ÉLEVÉ ')).toBe("l'ete eleve");
  });
});
