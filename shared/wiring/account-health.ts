import { stageTable } from '../adapters/dynamo/client';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoParkedInteractionStore } from '../adapters/dynamo/parked-interaction-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { AccountHealthService } from '../services/account-health/account-health-service';
import { InteractionCompletion } from '../services/account-health/interaction-completion';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { notificationService } from './notifications';
import { retentionPolicy } from './retention';

let service: AccountHealthService | undefined;
let completion: InteractionCompletion | undefined;

export function accountHealthService(): AccountHealthService {
  service ??= new AccountHealthService(new DynamoSocialAccountStore(stageTable), notificationService());
  return service;
}

/** The workflow's Complete step: finish the interaction, or park it while its account cannot send. */
export function interactionCompletion(): InteractionCompletion {
  completion ??= new InteractionCompletion(
    new InteractionLogger(
      new DynamoInteractionStore(stageTable, retentionPolicy()),
      new DynamoLeadWriter(stageTable),
    ),
    new DynamoParkedInteractionStore(stageTable),
    new DynamoSocialAccountStore(stageTable),
  );
  return completion;
}
