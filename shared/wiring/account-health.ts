import { stageTable } from '../adapters/dynamo/client';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoParkedInteractionStore } from '../adapters/dynamo/parked-interaction-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { AccountHealthService } from '../services/account-health/account-health-service';
import { InteractionCompletion } from '../services/account-health/interaction-completion';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { built } from './container';
import { notificationService } from './notifications';
import { retentionPolicy } from './retention';

export function accountHealthService(): AccountHealthService {
  return built(
    accountHealthService,
    () => new AccountHealthService(new DynamoSocialAccountStore(stageTable), notificationService()),
  );
}

/** The workflow's Complete step: finish the interaction, or park it while its account cannot send. */
export function interactionCompletion(): InteractionCompletion {
  return built(
    interactionCompletion,
    () =>
      new InteractionCompletion(
        new InteractionLogger(
          new DynamoInteractionStore(stageTable, retentionPolicy()),
          new DynamoLeadWriter(stageTable),
        ),
        new DynamoParkedInteractionStore(stageTable),
        new DynamoSocialAccountStore(stageTable),
      ),
  );
}
