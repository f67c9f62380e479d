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
 * The workflow's Complete step: finish the interaction, or park it while its account cannot send. Apart from
 * `account-health.ts`, which every provider's graph imports: the interaction logger's modules (the lead capture
 * rules, the language lexicon) run at import, so they would land in every OAuth route and webhook bundle.
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
