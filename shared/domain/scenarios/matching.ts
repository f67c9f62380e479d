import type { InteractionKind } from '../messages/platforms';
import type { MatchableMessage, Scenario, ScenarioTrigger } from './scenario';

/** Lower case without diacritics: "Prix Élevé" and "prix eleve" compare equal. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A keyword matches as a whole word or phrase ("prix" matches "le prix ?" but not "prixe"). */
export function containsKeyword(text: string, keyword: string): boolean {
  const needle = normalizeText(keyword);
  if (needle === '') return false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'u');
  return pattern.test(normalizeText(text));
}

/**
 * Which message kinds a trigger answers; postbacks (button taps) are part of a DM conversation. A story
 * mention has no text to answer: only a scenario written for mentions (`story_mention`) answers one, never a
 * catch-all (`any`) or a DM scenario.
 */
export function triggerAccepts(trigger: ScenarioTrigger, kind: InteractionKind): boolean {
  if (kind === 'read') return false;
  if (kind === 'story_mention') return trigger === 'story_mention';
  if (trigger === 'any') return true;
  if (trigger === 'dm') return kind === 'dm' || kind === 'postback';
  return trigger === kind;
}

export interface ScenarioMatch {
  scenario: Scenario;
  /** The keyword that matched, or null when the scenario has none (matches every message). */
  keyword: string | null;
}

export function matchScenarioToMessage(scenario: Scenario, message: MatchableMessage): ScenarioMatch | null {
  if (!scenario.active) return null;
  if (scenario.platform !== 'any' && scenario.platform !== message.platform) return null;
  if (!triggerAccepts(scenario.trigger, message.kind)) return null;
  if (scenario.keywords.length === 0) return { scenario, keyword: null };
  const keyword = scenario.keywords.find((k) => containsKeyword(message.text, k));
  return keyword === undefined ? null : { scenario, keyword };
}

/** Scenarios in the order they are tried: priority ascending, then oldest first, then id (total order). */
export function byPriority(a: Scenario, b: Scenario): number {
  return a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** The first active scenario, by priority, whose platform, trigger and keywords accept the message. */
export function findMatchingScenario(scenarios: Scenario[], message: MatchableMessage): ScenarioMatch | null {
  for (const scenario of [...scenarios].sort(byPriority)) {
    const match = matchScenarioToMessage(scenario, message);
    if (match) return match;
  }
  return null;
}
