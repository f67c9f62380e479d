import { stageTable } from '../adapters/dynamo/client';
import { DynamoContactDataStore } from '../adapters/dynamo/contact-data-store';
import { DynamoCrmErasureStore } from '../adapters/dynamo/crm-erasure-store';
import { DynamoCrmStateStore } from '../adapters/dynamo/crm-state-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { CrmErasureQueue } from '../services/crm/crm-erasure-queue';
import { ContactRightsService } from '../services/leads/contact-rights';
import { auditLog } from './audit';
import { built } from './container';

/**
 * DELETE /leads/{id}: the contact's items, and the CRM records queued for the crm-sync-retry schedule (no CRM
 * client here: `crm.ts` is the schedule's).
 */
export function contactRights(): ContactRightsService {
  return built(
    contactRights,
    () =>
      new ContactRightsService({
        leads: new DynamoLeadStore(stageTable),
        contacts: new DynamoContactDataStore(stageTable),
        crm: new CrmErasureQueue({
          state: new DynamoCrmStateStore(stageTable),
          erasures: new DynamoCrmErasureStore(stageTable),
        }),
        audit: auditLog(),
      }),
  );
}
