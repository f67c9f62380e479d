import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { config } from '../config';
import { CollectorService } from '../services/social/collector-service';
import { TokenRefreshService } from '../services/social/token-refresh-service';
import { accountHealthService } from './account-health';
import { built } from './container';
import { socialProviders } from './providers';
import { queuePublisher } from './queues';
import { socialAccountStore } from './social-accounts';

export function collectorService(): CollectorService {
  return built(
    collectorService,
    () =>
      new CollectorService(socialAccountStore(), socialProviders(), queuePublisher, accountHealthService()),
  );
}

export function tokenRefreshService(): TokenRefreshService {
  return built(
    tokenRefreshService,
    () =>
      new TokenRefreshService(
        new DynamoSocialAccountStore(stageTable),
        socialProviders(),
        config().TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
        accountHealthService(),
      ),
  );
}
