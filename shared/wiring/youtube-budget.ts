import { stageTable } from '../adapters/dynamo/client';
import { DynamoProviderUnitsStore } from '../adapters/dynamo/provider-units-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { config } from '../config';
import { YouTubeBudget } from '../services/youtube/youtube-budget';
import { built } from './container';

/**
 * The project's YouTube budget (DynamoDB only, no Google client: /admin/status reads it in a small bundle);
 * undefined when YouTube is not configured on this deployment.
 */
export function youtubeBudget(): YouTubeBudget | undefined {
  return built(youtubeBudget, () => {
    const c = config();
    if (!c.GOOGLE_CLIENT_ID || !c.GOOGLE_CLIENT_SECRET) return undefined;
    return new YouTubeBudget(
      new DynamoProviderUnitsStore(stageTable, 'youtube'),
      new DynamoSocialAccountStore(stageTable),
      {
        dailyUnits: c.YOUTUBE_DAILY_QUOTA_UNITS,
      },
    );
  });
}
