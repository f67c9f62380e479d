import { TikTokApi } from '../adapters/tiktok/tiktok-api';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { TikTokService } from '../services/tiktok/tiktok-service';
import { accountHealthService } from './account-health';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

let service: TikTokService | undefined;

/** The TikTok provider of this container; 503 provider_not_configured without TIKTOK_CLIENT_KEY/SECRET. */
export function tiktokService(): TikTokService {
  if (!service) {
    const c = config();
    if (!c.TIKTOK_CLIENT_KEY || !c.TIKTOK_CLIENT_SECRET) throw new ProviderNotConfiguredError('tiktok');
    service = new TikTokService(
      new TikTokApi({
        apiUrl: c.TIKTOK_API_URL.replace(/\/$/, ''),
        businessApiUrl: c.TIKTOK_BUSINESS_API_URL.replace(/\/$/, ''),
        clientKey: c.TIKTOK_CLIENT_KEY,
        clientSecret: c.TIKTOK_CLIENT_SECRET,
      }),
      socialAccountStore(),
      tokenVault(),
      {
        authUrl: c.TIKTOK_AUTH_URL,
        clientKey: c.TIKTOK_CLIENT_KEY,
        refreshMarginMs: c.TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
        health: accountHealthService(),
      },
    );
  }
  return service;
}

export function resetTikTokService(): void {
  service = undefined;
}
