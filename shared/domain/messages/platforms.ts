/** Where a message comes from. `provider` is who we connect to (Meta serves Instagram and Facebook). */
export const PLATFORMS = ['instagram', 'facebook', 'tiktok', 'youtube', 'linkedin'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PROVIDERS = ['meta', 'tiktok', 'youtube', 'linkedin'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const providerOf = (platform: Platform): ProviderName =>
  platform === 'instagram' || platform === 'facebook' ? 'meta' : platform;

export const INTERACTION_KINDS = ['comment', 'dm', 'story_reply', 'postback', 'read'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
