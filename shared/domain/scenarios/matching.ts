import type { InteractionKind } from '../messages/platforms';
import { matchKeywords } from './keyword-match';
import { postScopeAccepts } from './post-scope';
import type { MatchableMessage, Scenario, ScenarioTrigger } from './scenario';

/**
 * Which message kinds a trigger answers; postbacks (button taps) are part of a DM conversation, and the
 * `postback` trigger answers a tapped button or quick reply (its payload is compared in matchScenarioToMessage). A story
 * mention has no text to answer: only a scenario written for mentions (`story_mention`) answers one, never a
 * catch-all (`any`) or a DM scenario.
 */
export function triggerAccepts(trigger: ScenarioTrigger, kind: InteractionKind): boolean {
  if (kind === 'read') return false;
  if (kind === 'story_mention') return trigger === 'story_mention';
  if (trigger === 'postback') return kind === 'postback' || kind === 'dm';
  if (trigger === 'any') return true;
  if (trigger === 'dm') return kind === 'dm' || kind === 'postback';
  return trigger === kind;
}

export interface ScenarioMatch {
  scenario: Scenario;
  /** The keyword that matched (all of them, joined by " + ", for `all`), or null when the scenario has none. */
  keyword: string | null;
}

export function matchScenarioToMessage(scenario: Scenario, message: MatchableMessage): ScenarioMatch | null {
  if (!scenario.active) return null;
  if (scenario.platform !== 'any' && scenario.platform !== message.platform) return null;
  // A mention is a comment on someone else's post: only a scenario written for mentions answers it, and a
  // mention scenario answers nothing else.
  if ((message.mention === true) !== (scenario.trigger === 'mention')) return null;
  if (scenario.trigger !== 'mention' && !triggerAccepts(scenario.trigger, message.kind)) return null;
  if (scenario.trigger === 'postback' && (!message.payload || message.payload !== scenario.payload))
    return null;
  if (!postScopeAccepts(scenario, message)) return null;
  const matched = matchKeywords(message.text, scenario);
  if (matched === null) return null;
  return { scenario, keyword: matched.length === 0 ? null : matched.join(' + ') };
}

/** Scenarios in the order they are tried: priority ascending, then oldest first, then id (total order). */
export function byPriority(a: Scenario, b: Scenario): number {
  return a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The first active scenario, by priority, whose platform, trigger and keywords accept the message. A tap (a
 * postback, or a quick reply with its payload) goes first to the scenarios written for its payload, whatever
 * their priority: the branch a button leads to must not lose to a catch-all DM scenario.
 */
export function findMatchingScenario(scenarios: Scenario[], message: MatchableMessage): ScenarioMatch | null {
  const ordered = [...scenarios].sort(byPriority);
  const forPayload = (scenario: Scenario) => scenario.trigger === 'postback';
  for (const scenario of [...ordered.filter(forPayload), ...ordered.filter((s) => !forPayload(s))]) {
    const match = matchScenarioToMessage(scenario, message);
    if (match) return match;
  }
  return null;
}
