import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { conversationHistory } from '../services/conversations/conversation-history';
import { LeadQualifier } from '../services/engine/lead-qualifier';
import { aiEngine } from './ai';
import { built } from './container';
import { conversationStore } from './conversations';
import { retentionPolicy } from './retention';

/** AI lead qualification after the rules scored the message (UpdateLead): only with a model configured (and the plan's say). */
export function leadQualifier(): LeadQualifier {
  return built(
    leadQualifier,
    () =>
      new LeadQualifier({
        leads: new DynamoLeadWriter(stageTable),
        model: () => {
          const engine = aiEngine();
          return engine instanceof RuleBasedAiEngine ? null : engine;
        },
        history: async (workspaceId, leadId, before) =>
          (
            await conversationHistory(
              conversationStore(),
              workspaceId,
              leadId,
              before,
              await retentionPolicy().cutoff(workspaceId),
            )
          ).turns,
      }),
  );
}
