import type { AuditActor } from '../../domain/audit/audit-entry';
import type { Lead } from '../../domain/leads/lead';
import { ConflictError, NotFoundError } from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import type { CrmErasureOutcome } from '../crm/ports';
import type { ContactDataStore, ContactErasure, ContactRecords, LeadStore } from './ports';

/** A running erasure keeps a second one out this long; after a crash, the next DELETE resumes it. */
export const ERASURE_LEASE_MS = 5 * 60_000;

export interface ContactExport extends ContactRecords {
  exportedAt: string;
  workspaceId: string;
  lead: Lead;
}

export interface ContactRightsDependencies {
  leads: Pick<LeadStore, 'get'>;
  contacts: ContactDataStore;
  /** Queues the lead's CRM records for removal (CrmErasureQueue): no CRM call in this request. */
  crm: { queue(workspaceId: string, lead: Pick<Lead, 'id' | 'crm'>): Promise<CrmErasureOutcome[]> };
  audit: AuditRecorder;
  now?: () => Date;
}

export interface ContactExportDependencies {
  leads: Pick<LeadStore, 'get'>;
  contacts: Pick<ContactDataStore, 'collect'>;
  retention: { cutoff(workspaceId: string): Promise<string> };
  audit: AuditRecorder;
  now?: () => Date;
}

/** A contact's right of access (GET /leads/{id}/export): one JSON document with everything stored about them. */
export class ContactDataExport {
  private readonly now: () => Date;

  constructor(private readonly deps: ContactExportDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async export(workspaceId: string, leadId: string, actor: AuditActor): Promise<ContactExport> {
    const lead = await this.deps.leads.get(workspaceId, leadId);
    if (!lead) throw new NotFoundError('Lead not found.');
    const since = await this.deps.retention.cutoff(workspaceId);
    const records = await this.deps.contacts.collect(workspaceId, leadId, since);
    await this.deps.audit.record(workspaceId, actor, 'lead.exported', { type: 'lead', id: leadId });
    return { exportedAt: this.now().toISOString(), workspaceId, lead, ...records };
  }
}

/**
 * A contact's right to erasure (DELETE /leads/{id}), for the workspace that holds their data.
 *
 * The erasure runs in an order that a retry can always finish: a marker item first (its lease keeps a
 * concurrent DELETE out), then the lead's CRM records are queued for removal (their ids live on the lead, so the
 * lead must still exist; what was queued is written on the marker so a resumed run does not queue it again), then
 * every item that names the contact, the lead item last (until then, a retry still finds everything through it),
 * and the marker is closed. A crash at any point leaves a state the next DELETE resumes. A DELETE after the
 * erasure finds the closed marker and answers 204 again; a lead that never existed in this workspace is 404.
 *
 * The CRM records are removed by the crm-sync-retry schedule (CrmSyncService.eraseDue, within minutes, retried),
 * which carries the CRM clients this HTTP function does not; it writes each outcome on the marker and names a
 * record it cannot remove in an `erasure_incomplete` notification.
 */
export class ContactRightsService {
  private readonly now: () => Date;

  constructor(private readonly deps: ContactRightsDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Returns what the erasure removed (counts) and the CRM records it queued for removal. */
  async erase(workspaceId: string, leadId: string, actor: AuditActor): Promise<ContactErasure> {
    const requestedBy = actor.id;
    const lead = await this.deps.leads.get(workspaceId, leadId);
    const previous = await this.deps.contacts.getErasure(workspaceId, leadId);
    if (!lead && !previous) throw new NotFoundError('Lead not found.');
    if (!lead && previous?.status === 'erased') return previous;

    const started = this.now();
    const erasure: ContactErasure = {
      workspaceId,
      leadId,
      status: 'erasing',
      startedAt: previous?.status === 'erasing' ? previous.startedAt : started.toISOString(),
      leaseUntil: new Date(started.getTime() + ERASURE_LEASE_MS).toISOString(),
      requestedBy,
      // A new lead under the same id (the person wrote again after an erasure) has new CRM records.
      crm: previous?.status === 'erasing' ? previous.crm : null,
      erasedAt: null,
      counts: null,
    };
    if (!(await this.deps.contacts.claimErasure(erasure, started.toISOString())))
      throw new ConflictError('This contact is being erased by another request; try again in a few minutes.');

    if (lead && erasure.crm === null) {
      erasure.crm = (await this.deps.crm.queue(workspaceId, lead)).map(({ crm, externalId, status }) => ({
        crm,
        externalId,
        status,
      }));
      await this.deps.contacts.recordCrmOutcomes(workspaceId, leadId, erasure.crm);
    }

    const { contacts } = this.deps;
    const counts = {
      webhookDeliveries: await contacts.eraseWebhookDeliveries(workspaceId, leadId),
      notifications: await contacts.eraseNotifications(workspaceId, leadId),
      deliveriesAnonymised: await contacts.anonymiseDeliveries(workspaceId, leadId),
      interactions: await contacts.eraseInteractions(workspaceId, leadId),
      conversations: await contacts.eraseConversation(workspaceId, leadId),
    };
    await contacts.eraseLead(workspaceId, leadId);
    const erasedAt = this.now().toISOString();
    await contacts.finishErasure(workspaceId, leadId, erasedAt, counts);
    await this.deps.audit.record(
      workspaceId,
      actor,
      'lead.erased',
      { type: 'lead', id: leadId },
      {
        ...counts,
        crmRecordsQueued: erasure.crm?.length ?? 0,
      },
    );
    return { ...erasure, status: 'erased', erasedAt, counts };
  }
}
