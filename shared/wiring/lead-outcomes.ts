import { stageTable } from '../adapters/dynamo/client';
import { DynamoFollowUpStore } from '../adapters/dynamo/follow-up-store';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { LeadOutcomeRecorder } from '../services/engine/lead-outcome';
import { funnelRecorder } from './analytics';
import { built } from './container';
import { retentionPolicy } from './retention';

/** The UpdateLead step (and the follow-up runner): what the sends did to the lead and its interaction. */
export function leadOutcomes(): LeadOutcomeRecorder {
  return built(
    leadOutcomes,
    () =>
      new LeadOutcomeRecorder(
        new DynamoInteractionStore(stageTable, retentionPolicy()),
        new DynamoLeadWriter(stageTable),
        new DynamoFollowUpStore(stageTable),
        () => new Date(),
        funnelRecorder(),
      ),
  );
}
