import { TikTokApi } from '../adapters/tiktok/tiktok-api';
import { TikTokBusinessApi } from '../adapters/tiktok/tiktok-business-api';
import { type TikTokConnection, TikTokProvider } from '../adapters/tiktok/tiktok-provider';
import type { Config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { accountHealthService } from './account-health';
import { built } from './container';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/**
 * The TikTok provider of this container: through the TikTok for Business app when TIKTOK_BUSINESS_APP_ID and
 * TIKTOK_BUSINESS_SECRET are set (comments and replies), else Login Kit with TIKTOK_CLIENT_KEY/SECRET (identity
 * and videos only), else 503 provider_not_configured.
 */
export function tiktokService(): TikTokProvider {
  return built(
    tiktokService,
    (c) =>
      new TikTokProvider(tiktokConnection(c), socialAccountStore(), tokenVault(), {
        refreshMarginMs: c.TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
        health: accountHealthService(),
      }),
  );
}

function tiktokConnection(c: Config): TikTokConnection {
  if (c.TIKTOK_BUSINESS_APP_ID && c.TIKTOK_BUSINESS_SECRET)
    return {
      kind: 'business',
      api: new TikTokBusinessApi({
        apiUrl: c.TIKTOK_BUSINESS_API_URL.replace(/\/$/, ''),
        appId: c.TIKTOK_BUSINESS_APP_ID,
        secret: c.TIKTOK_BUSINESS_SECRET,
      }),
      appId: c.TIKTOK_BUSINESS_APP_ID,
      authorizationUrl: c.TIKTOK_BUSINESS_AUTH_URL,
    };
  if (c.TIKTOK_CLIENT_KEY && c.TIKTOK_CLIENT_SECRET)
    return {
      kind: 'login_kit',
      api: new TikTokApi({
        apiUrl: c.TIKTOK_API_URL.replace(/\/$/, ''),
        clientKey: c.TIKTOK_CLIENT_KEY,
        clientSecret: c.TIKTOK_CLIENT_SECRET,
      }),
      clientKey: c.TIKTOK_CLIENT_KEY,
      authUrl: c.TIKTOK_AUTH_URL,
    };
  throw new ProviderNotConfiguredError('tiktok');
}
