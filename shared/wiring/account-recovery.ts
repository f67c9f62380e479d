import { stageTable } from '../adapters/dynamo/client';
import { DynamoParkedInteractionStore } from '../adapters/dynamo/parked-interaction-store';
import { AccountRecoveryService } from '../services/account-health/account-recovery';
import { accountHealthService } from './account-health';
import { built } from './container';
import { socialProviders } from './providers';
import { queuePublisher } from './queues';
import { collectorService } from './schedules';

/** Reconnect → active again → backfill (parked interactions, then the provider since the cursor). */
export function accountRecovery(): AccountRecoveryService {
  return built(
    accountRecovery,
    () =>
      new AccountRecoveryService({
        health: accountHealthService(),
        parked: new DynamoParkedInteractionStore(stageTable),
        publisher: queuePublisher(),
        collector: collectorService(),
        provider: socialProviders(),
      }),
  );
}
