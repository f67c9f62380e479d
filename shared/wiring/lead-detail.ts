import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadDetail } from '../services/leads/lead-service';
import { built } from './container';
import { retentionReads } from './retention';

/** GET /leads/{id}: the store and the retention cutoff (no AI engine, no CRM clients). */
export function leadDetail(): LeadDetail {
  return built(leadDetail, () => new LeadDetail(new DynamoLeadStore(stageTable), retentionReads()));
}
