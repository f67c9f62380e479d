import { DynamoProviderUnitsStore } from '../adapters/dynamo/provider-units-store';
import { GoogleYouTubeApi } from '../adapters/youtube/youtube-api';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { YouTubeService } from '../services/youtube/youtube-service';
import { accountHealthService } from './account-health';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

let service: YouTubeService | undefined;

/** The YouTube provider of this container; 503 provider_not_configured without GOOGLE_CLIENT_ID/SECRET. */
export function youtubeService(): YouTubeService {
  if (!service) {
    const c = config();
    if (!c.GOOGLE_CLIENT_ID || !c.GOOGLE_CLIENT_SECRET) throw new ProviderNotConfiguredError('youtube');
    service = new YouTubeService(
      new GoogleYouTubeApi({
        clientId: c.GOOGLE_CLIENT_ID,
        clientSecret: c.GOOGLE_CLIENT_SECRET,
        oauthUrl: c.GOOGLE_OAUTH_URL,
        tokenUrl: c.GOOGLE_TOKEN_URL,
        youtubeUrl: c.YOUTUBE_API_URL,
      }),
      socialAccountStore(),
      tokenVault(),
      new DynamoProviderUnitsStore('youtube'),
      {
        dailyQuotaUnits: c.YOUTUBE_DAILY_QUOTA_UNITS,
        refreshMarginMs: c.TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
        health: accountHealthService(),
      },
    );
  }
  return service;
}

export function resetYouTubeService(): void {
  service = undefined;
}
