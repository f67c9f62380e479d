import { stageTable } from '../adapters/dynamo/client';
import { DynamoContactDataStore } from '../adapters/dynamo/contact-data-store';
import { DynamoLeadStore } from '../adapters/dynamo/lead-store';
import { ContactDataExport } from '../services/leads/contact-rights';
import { auditLog } from './audit';
import { built } from './container';
import { retentionReads } from './retention';

/** GET /leads/{id}/export: the table only (no CRM client). */
export function contactExport(): ContactDataExport {
  return built(
    contactExport,
    () =>
      new ContactDataExport({
        leads: new DynamoLeadStore(stageTable),
        contacts: new DynamoContactDataStore(stageTable),
        retention: retentionReads(),
        audit: auditLog(),
      }),
  );
}
