import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadDetail } from '../services/leads/lead-service';
import { aiEngineFor } from './ai';
import { built } from './container';
import { retentionReads } from './retention';

/** GET /leads/{id}: the store, the retention cutoff and the AI engine the plan pays for (no CRM clients). */
export function leadDetail(): LeadDetail {
  return built(
    leadDetail,
    () =>
      new LeadDetail(
        new DynamoLeadStore(stageTable),
        async (workspaceId) => (await aiEngineFor(workspaceId)).engine,
        retentionReads(),
      ),
  );
}
