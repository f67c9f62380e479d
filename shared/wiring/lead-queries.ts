import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { LeadQueries } from '../services/leads/lead-queries';
import { auditLog } from './audit';
import { built } from './container';

/** The dashboard's reads, wired apart from the lead's detail and edits (no AI engine, no CRM clients in their bundles). */
export function leadQueries(): LeadQueries {
  return built(leadQueries, () => new LeadQueries(new DynamoLeadStore(stageTable), auditLog()));
}
