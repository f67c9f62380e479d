import { stageTable } from '../adapters/dynamo/client';
import { DynamoParkedInteractionStore } from '../adapters/dynamo/parked-interaction-store';
import { AccountRecoveryService } from '../services/account-health/account-recovery';
import { CollectorService } from '../services/social/collector-service';
import { accountHealthService } from './account-health';
import type { SocialProviders } from './provider-lookup';
import { queuePublisher } from './queues';
import { socialAccountStore } from './social-accounts';

/**
 * Reconnect → active again → backfill (parked interactions, then the provider since the cursor), part of a connect
 * flow's graph: `providers` holds the platforms that flow connects, so its bundle holds no other SDK.
 */
export function accountRecoveryWith(providers: SocialProviders): AccountRecoveryService {
  return new AccountRecoveryService({
    health: accountHealthService(),
    parked: new DynamoParkedInteractionStore(stageTable),
    publisher: queuePublisher(),
    collector: new CollectorService(socialAccountStore(), providers, queuePublisher, accountHealthService()),
    provider: providers,
  });
}
