import { describe, expect, it } from 'vitest';
import { type ScenarioStep, stepOf } from '../../../shared/domain/scenarios/actions';
import { foldText, keywordMatches } from '../../../shared/domain/scenarios/keyword-match';
import { findMatchingScenario, triggerAccepts } from '../../../shared/domain/scenarios/matching';
import type { Scenario } from '../../../shared/domain/scenarios/scenario';
import { renderTemplate, unknownPlaceholders } from '../../../shared/domain/scenarios/template';
import { scenarioProblems, stepListProblems } from '../../../shared/domain/scenarios/validation';

let n = 0;
const scenario = (overrides: Partial<Scenario> = {}): Scenario => {
  n += 1;
  return {
    id: `s${n}`,
    workspaceId: 'w',
    name: `scenario ${n}`,
    platform: 'any',
    trigger: 'any',
    keywords: [],
    match: 'word',
    keywordsRequired: 'any',
    actions: [stepOf({ action: 'reply', message: null })],
    payload: null,
    mediaIds: [],
    nextPost: null,
    liveComments: 'exclude',
    followUps: [],
    active: true,
    priority: 100,
    createdAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
};
const comment = (text: string) => ({ platform: 'instagram' as const, kind: 'comment' as const, text });

describe('Module: scenario matching', () => {
  it('matches keywords case- and accent-insensitively, as whole words or phrases', () => {
    const containsKeyword = (text: string, keyword: string) => keywordMatches(text, keyword, 'word');
    expect(foldText('  Prix  ÉLEVÉ ')).toBe('prix eleve');
    expect(containsKeyword('Quel est le PRIX ?', 'prix')).toBe(true);
    expect(containsKeyword('Réservation possible ?', 'reservation')).toBe(true);
    expect(containsKeyword('reservation', 'Réservation')).toBe(true);
    expect(containsKeyword('How much is it?', 'how much')).toBe(true);
    expect(containsKeyword('une prise', 'prix')).toBe(false);
    expect(containsKeyword('anything', '   ')).toBe(false);
  });

  it('filters by platform and trigger; postbacks count as DMs, read receipts never match', () => {
    expect(triggerAccepts('dm', 'postback')).toBe(true);
    expect(triggerAccepts('comment', 'dm')).toBe(false);
    expect(triggerAccepts('any', 'read')).toBe(false);
    const tiktokOnly = scenario({ platform: 'tiktok' });
    const dmOnly = scenario({ trigger: 'dm' });
    expect(findMatchingScenario([tiktokOnly, dmOnly], comment('hi'))).toBeNull();
    expect(
      findMatchingScenario([tiktokOnly, dmOnly], { platform: 'instagram', kind: 'dm', text: 'hi' })?.scenario,
    ).toBe(dmOnly);
  });

  it('picks the first active match by priority, then the oldest, and reports the keyword', () => {
    const inactive = scenario({ priority: 0, active: false });
    const late = scenario({ priority: 5, keywords: ['prix'] });
    const catchAll = scenario({ priority: 50 });
    const sameLate = scenario({ priority: 5, keywords: ['prix'] });
    const match = findMatchingScenario([catchAll, sameLate, inactive, late], comment('le prix ?'));
    expect(match).toEqual({ scenario: late, keyword: 'prix' });
    expect(findMatchingScenario([catchAll, late], comment('merci'))).toEqual({
      scenario: catchAll,
      keyword: null,
    });
  });
});

describe('Module: scenario templates', () => {
  it('renders {{firstName}} and {{username}}, tolerating spaces and missing names', () => {
    const author = { displayName: 'Marie Dupont', username: 'marie.d' };
    expect(renderTemplate('Bonjour {{ firstName }} (@{{username}}) !', author)).toBe(
      'Bonjour Marie (@marie.d) !',
    );
    expect(renderTemplate('Bonjour {{firstName}}, merci', { displayName: null, username: 'bob' })).toBe(
      'Bonjour bob, merci',
    );
    expect(renderTemplate('Bonjour {{firstName}}, merci !', { displayName: null, username: null })).toBe(
      'Bonjour, merci !',
    );
  });

  it('names unknown placeholders and cross-field problems', () => {
    expect(unknownPlaceholders('{{firstName}} {{lastName}} {{ phone }}')).toEqual(['lastName', 'phone']);
    const one = (action: ScenarioStep['action'], message: string | null) => [stepOf({ action, message })];
    expect(
      stepListProblems({ trigger: 'comment', actions: one('private_reply', 'ok {{username}}') }),
    ).toEqual([]);
    expect(
      stepListProblems({ trigger: 'dm', actions: one('private_reply', null) }).map((p) => p.path),
    ).toEqual(['actions.0.action']);
    expect(stepListProblems({ trigger: 'any', actions: one('handover', 'hi') }).map((p) => p.path)).toEqual([
      'actions.0.message',
    ]);
    expect(scenarioProblems({ trigger: 'postback', payload: null }).map((p) => p.path)).toEqual(['payload']);
    expect(scenarioProblems({ trigger: 'dm', payload: 'X' }).map((p) => p.path)).toEqual(['payload']);
  });
});
