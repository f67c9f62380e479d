import type { TestStage } from './stage';

/** A stage env with no provider configured, so the simulated world decides everything. */
export const NO_PROVIDER_KEYS: Record<string, string | undefined> = {
  FLOWIA_SIMULATE: '1',
  META_APP_ID: undefined,
  META_APP_SECRET: undefined,
  META_GRAPH_URL: undefined,
  META_OAUTH_URL: undefined,
  INSTAGRAM_APP_ID: undefined,
  INSTAGRAM_APP_SECRET: undefined,
  INSTAGRAM_OAUTH_URL: undefined,
  INSTAGRAM_API_URL: undefined,
  INSTAGRAM_GRAPH_URL: undefined,
  TIKTOK_BUSINESS_APP_ID: undefined,
  TIKTOK_BUSINESS_SECRET: undefined,
  TIKTOK_BUSINESS_AUTH_URL: undefined,
  TIKTOK_CLIENT_KEY: undefined,
  TIKTOK_CLIENT_SECRET: undefined,
  TIKTOK_AUTH_URL: undefined,
  TIKTOK_API_URL: undefined,
  TIKTOK_BUSINESS_API_URL: undefined,
  GOOGLE_CLIENT_ID: undefined,
  GOOGLE_CLIENT_SECRET: undefined,
  GOOGLE_OAUTH_URL: undefined,
  GOOGLE_TOKEN_URL: undefined,
  YOUTUBE_API_URL: undefined,
  LINKEDIN_URL: undefined,
  STRIPE_SECRET_KEY: undefined,
  STRIPE_API_URL: undefined,
  SHEETS_API_URL: undefined,
  NOTION_API_URL: undefined,
  AIRTABLE_API_URL: undefined,
  OPENAI_API_KEY: undefined,
};

/** The banner line of one provider ("Stripe: real (…)"). */
export const bannerLineOf = (stage: TestStage, provider: string) =>
  stage.banner.find((line) => line.startsWith(`${provider}: `));
