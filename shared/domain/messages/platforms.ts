/** Where a message comes from. `provider` is who we connect to (Meta serves Instagram and Facebook). */
export const PLATFORMS = ['instagram', 'facebook', 'tiktok', 'youtube', 'linkedin'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PROVIDERS = ['meta', 'tiktok', 'youtube', 'linkedin'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const providerOf = (platform: Platform): ProviderName =>
  platform === 'instagram' || platform === 'facebook' ? 'meta' : platform;

/**
 * What a person did. `story_reply` (they answered one of the account's stories) and `story_mention` (they
 * mentioned the account in their own story) arrive as Instagram DMs but are their own kinds, with the story's
 * reference in `story`: a mention carries no text, and must never reach a scenario as an empty DM.
 */
export const INTERACTION_KINDS = [
  'comment',
  'dm',
  'story_reply',
  'story_mention',
  'postback',
  'read',
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
