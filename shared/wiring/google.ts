import { GoogleOAuthClient } from '../adapters/google/google-oauth-client';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { built } from './container';

/**
 * The Google Cloud project's OAuth client (GOOGLE_CLIENT_ID/SECRET), shared by YouTube and Sheets: one consent
 * screen lists both features' scopes. 503 provider_not_configured (named after the feature) when unset.
 */
export function googleOAuthClient(feature: 'youtube' | 'sheets'): GoogleOAuthClient {
  const c = config();
  if (!c.GOOGLE_CLIENT_ID || !c.GOOGLE_CLIENT_SECRET) throw new ProviderNotConfiguredError(feature);
  // Built once per container like every other graph (the CRM writers ask for it on each use).
  return built(
    googleOAuthClient,
    (c) =>
      new GoogleOAuthClient({
        clientId: c.GOOGLE_CLIENT_ID!,
        clientSecret: c.GOOGLE_CLIENT_SECRET!,
        oauthUrl: c.GOOGLE_OAUTH_URL,
        tokenUrl: c.GOOGLE_TOKEN_URL,
      }),
  );
}
