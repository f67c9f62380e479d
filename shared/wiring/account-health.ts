import { stageTable } from '../adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { AccountHealthService } from '../services/account-health/account-health-service';
import { built } from './container';
import { notificationService } from './notifications';

export function accountHealthService(): AccountHealthService {
  return built(
    accountHealthService,
    () => new AccountHealthService(new DynamoSocialAccountStore(stageTable), notificationService()),
  );
}
