import type { TestStage } from './stage';

/** A stage env with no provider configured, so the simulated world decides everything. */
export const NO_PROVIDER_KEYS: Record<string, string | undefined> = {
  FLOWIA_SIMULATE: '1',
  META_APP_ID: undefined,
  META_APP_SECRET: undefined,
  META_GRAPH_URL: undefined,
  META_OAUTH_URL: undefined,
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
