import type { CrmSyncer } from '../services/crm/ports';

let syncer: CrmSyncer | undefined;

/** No CRM integration is implemented in this build yet: every sync reports nothing to do. */
export function crmSyncer(): CrmSyncer {
  syncer ??= { syncLead: async () => [] };
  return syncer;
}
