import { stageTable } from '../adapters/dynamo/client';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoParkedInteractionStore } from '../adapters/dynamo/parked-interaction-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { InteractionCompletion } from '../services/account-health/interaction-completion';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { built } from './container';
import { retentionPolicy } from './retention';

/**
 * The workflow's Complete step: finish the interaction, or park it while its account cannot send. Its own module,
 * not account-health.ts: every provider reports health through accountHealthService(), and that import must not
 * carry the interaction logger and the lead pipeline into each provider's bundle.
 */
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
