import type { Lead } from '../../domain/leads/lead';
import {
  CRM_NAMES,
  type CrmErasureOutcome,
  type CrmErasureStore,
  type CrmName,
  type CrmStateStore,
} from './ports';

export interface CrmErasureQueueDependencies {
  state: Pick<CrmStateStore, 'removeOutbox'>;
  erasures: Pick<CrmErasureStore, 'add'>;
  now?: () => Date;
}

/**
 * The CRM half of a contact's erasure, as DELETE /leads/{id} does it: without a CRM call, so the HTTP function
 * carries no CRM client. The outbox entries go first (so the retry schedule cannot write the record again), then
 * each record the lead's sync state names is queued, due now; the crm-sync-retry schedule removes it
 * (`CrmSyncService.eraseDue`), retrying, and names what it cannot remove in an `erasure_incomplete` notification.
 * Everything here is a table write: a crash loses nothing, and queuing again changes nothing.
 */
export class CrmErasureQueue {
  private readonly now: () => Date;

  constructor(private readonly deps: CrmErasureQueueDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async queue(workspaceId: string, lead: Pick<Lead, 'id' | 'crm'>): Promise<CrmErasureOutcome[]> {
    for (const crm of CRM_NAMES) await this.deps.state.removeOutbox(workspaceId, crm, lead.id);
    const nextAttemptAt = this.now().toISOString();
    const queued: CrmErasureOutcome[] = [];
    for (const [name, state] of Object.entries(lead.crm ?? {})) {
      const externalId = state?.externalId;
      if (!externalId || !CRM_NAMES.includes(name as CrmName)) continue;
      const crm = name as CrmName;
      await this.deps.erasures.add({
        workspaceId,
        crm,
        externalId,
        leadId: lead.id,
        attempts: 0,
        nextAttemptAt,
      });
      queued.push({ crm, externalId, status: 'pending' });
    }
    return queued;
  }
}
