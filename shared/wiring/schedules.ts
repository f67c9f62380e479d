import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { config } from '../config';
import { CollectorService } from '../services/social/collector-service';
import { TokenRefreshService } from '../services/social/token-refresh-service';
import { accountHealthService } from './account-health';
import { socialProviders } from './providers';
import { queuePublisher } from './queues';
import { socialAccountStore } from './social-accounts';

let collector: CollectorService | undefined;
let refresher: TokenRefreshService | undefined;

export function collectorService(): CollectorService {
  collector ??= new CollectorService(
    socialAccountStore(),
    socialProviders(),
    queuePublisher,
    accountHealthService(),
  );
  return collector;
}

export function tokenRefreshService(): TokenRefreshService {
  refresher ??= new TokenRefreshService(
    new DynamoSocialAccountStore(stageTable),
    socialProviders(),
    config().TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
    accountHealthService(),
  );
  return refresher;
}
