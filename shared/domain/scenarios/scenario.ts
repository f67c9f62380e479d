import type { InteractionKind, Platform } from '../messages/platforms';
import type { ScenarioStep } from './actions';
import type { FollowUpStep } from './follow-ups';
import type { KeywordMatchMode, KeywordRequirement } from './keyword-match';
import type { LiveCommentMode, NextPostTarget } from './post-scope';

export { SCENARIO_ACTIONS, type ScenarioAction } from './actions';

export const SCENARIO_PLATFORMS = ['instagram', 'facebook', 'tiktok', 'youtube', 'linkedin', 'any'] as const;
export const SCENARIO_TRIGGERS = [
  'comment',
  'dm',
  'story_reply',
  'story_mention',
  'postback',
  'mention',
  'any',
] as const;

export type ScenarioPlatform = (typeof SCENARIO_PLATFORMS)[number];
export type ScenarioTrigger = (typeof SCENARIO_TRIGGERS)[number];

/** The contract's scenario (CONTRACT.md "Scenarios"), plus its workspace and timestamps. */
export interface Scenario {
  id: string;
  workspaceId: string;
  name: string;
  platform: ScenarioPlatform;
  trigger: ScenarioTrigger;
  /** Empty = every message. Matched case- and accent-insensitively, as whole words or phrases. */
  keywords: string[];
  /** How keywords compare with the message (keyword-match.ts); stored scenarios without it read as `word`. */
  match: KeywordMatchMode;
  /** `any` keyword is enough (default), or `all` of them are needed. */
  keywordsRequired: KeywordRequirement;
  /** Specific posts whose comments it answers (post-scope.ts); empty = every post. */
  mediaIds: string[];
  /** "The next post I publish", armed when saved, resolved by the first comment on it (post-scope.ts). */
  nextPost: NextPostTarget | null;
  /** Comments on live videos: excluded (default), included, or the only ones answered. */
  liveComments: LiveCommentMode;
  /**
   * What it does, in order (actions.ts): e.g. a public reply under the comment, then a private reply with
   * buttons. Stored scenarios from before the list (one `action` + `message`) read as a list of one.
   */
  actions: ScenarioStep[];
  /**
   * "If no reply after X hours, send Y" (follow-ups.ts): at most MAX_FOLLOW_UP_STEPS steps, all inside Meta's
   * 24-hour window; stored scenarios from before sequences read as none.
   */
  followUps: FollowUpStep[];
  /** `postback` trigger: the payload of the tapped button or quick reply it answers; null otherwise. */
  payload: string | null;
  active: boolean;
  /** Lower numbers are tried first; equal priorities fall back to the oldest scenario. */
  priority: number;
  createdAt: string;
  updatedAt: string;
}

/** What the scenario engine looks at in a message. */
export interface MatchableMessage {
  platform: Platform;
  kind: InteractionKind;
  text: string;
  /** The payload of a tapped button (postback) or quick reply, when the message is one. */
  payload?: string | null;
  /** The post a comment is on (post-scoped scenarios). */
  mediaId?: string | null;
  /** A comment on a live video. */
  live?: boolean;
  /** A comment on someone else's post that @mentions the account. */
  mention?: boolean;
}
