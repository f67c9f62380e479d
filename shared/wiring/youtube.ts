import { GoogleYouTubeApi } from '../adapters/youtube/youtube-api';
import { YouTubeProvider } from '../adapters/youtube/youtube-provider';
import { ProviderNotConfiguredError } from '../errors';
import { accountHealthService } from './account-health';
import { built } from './container';
import { googleOAuthClient } from './google';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';
import { youtubeBudget } from './youtube-budget';

/** The YouTube provider of this container; 503 provider_not_configured without GOOGLE_CLIENT_ID/SECRET. */
export function youtubeService(): YouTubeProvider {
  return built(youtubeService, (c) => {
    const budget = youtubeBudget();
    if (!budget) throw new ProviderNotConfiguredError('youtube');
    return new YouTubeProvider(
      new GoogleYouTubeApi(googleOAuthClient('youtube'), c.YOUTUBE_API_URL),
      socialAccountStore(),
      tokenVault(),
      budget,
      {
        refreshMarginMs: c.TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
        health: accountHealthService(),
      },
    );
  });
}
