import type { Lead } from '../../../shared/domain/leads/lead';
import type {
  CrmErasureOutcome,
  CrmErasureStore,
  CrmName,
  CrmOutboxEntry,
  CrmStateStore,
  Integration,
  IntegrationStore,
  LeadCrmState,
  PendingCrmErasure,
} from '../../../shared/services/crm/ports';

const clone = <T>(value: T): T => structuredClone(value);

/** In-memory IntegrationStore: one integration per (workspace, CRM), copied in and out. */
export class InMemoryIntegrationStore implements IntegrationStore {
  readonly items = new Map<string, Integration>();

  async list(workspaceId: string) {
    return [...this.items.values()].filter((i) => i.workspaceId === workspaceId).map(clone);
  }

  async get(workspaceId: string, crm: CrmName) {
    const found = this.items.get(`${workspaceId}#${crm}`);
    return found ? clone(found) : undefined;
  }

  async put(integration: Integration) {
    this.items.set(`${integration.workspaceId}#${integration.crm}`, clone(integration));
  }

  async update(workspaceId: string, crm: CrmName, changes: Partial<Integration>) {
    const current = this.items.get(`${workspaceId}#${crm}`);
    if (!current) return false;
    this.items.set(`${workspaceId}#${crm}`, { ...current, ...clone(changes) });
    return true;
  }

  async remove(workspaceId: string, crm: CrmName) {
    this.items.delete(`${workspaceId}#${crm}`);
  }
}

/**
 * In-memory CrmStateStore over a map of leads: the sync state lands on the lead's `crm` field as
 * DynamoCrmStateStore writes it, and the outbox is ordered by due time as the gsi1 query returns it.
 */
export class InMemoryCrmStateStore implements CrmStateStore {
  readonly outbox = new Map<string, CrmOutboxEntry>();

  constructor(private readonly leads: Map<string, Lead>) {}

  private id(workspaceId: string, crm: CrmName, leadId: string) {
    return `${workspaceId}#${crm}#${leadId}`;
  }

  async recordState(workspaceId: string, leadId: string, crm: CrmName, state: LeadCrmState) {
    const lead = this.leads.get(leadId);
    if (lead?.workspaceId === workspaceId) lead.crm = { ...lead.crm, [crm]: clone(state) };
  }

  async getOutbox(workspaceId: string, crm: CrmName, leadId: string) {
    const entry = this.outbox.get(this.id(workspaceId, crm, leadId));
    return entry ? clone(entry) : undefined;
  }

  async putOutbox(entry: CrmOutboxEntry) {
    this.outbox.set(this.id(entry.workspaceId, entry.crm, entry.leadId), clone(entry));
  }

  async removeOutbox(workspaceId: string, crm: CrmName, leadId: string) {
    this.outbox.delete(this.id(workspaceId, crm, leadId));
  }

  async dueOutbox(now: string, limit: number) {
    return [...this.outbox.values()]
      .filter((e) => e.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
      .slice(0, limit)
      .map(clone);
  }
}

/**
 * In-memory CrmErasureStore, as DynamoCrmErasureStore behaves: one entry per (workspace, CRM, record id), added
 * once, due in order, moved only from the due time the caller saw; `outcomes` holds what `finish` wrote on the
 * erasure marker.
 */
export class InMemoryCrmErasureStore implements CrmErasureStore {
  readonly entries = new Map<string, PendingCrmErasure>();
  readonly outcomes: Array<{ leadId: string } & CrmErasureOutcome> = [];

  private id(entry: Pick<PendingCrmErasure, 'workspaceId' | 'crm' | 'externalId'>) {
    return `${entry.workspaceId}#${entry.crm}#${entry.externalId}`;
  }

  async add(entry: PendingCrmErasure) {
    if (!this.entries.has(this.id(entry))) this.entries.set(this.id(entry), clone(entry));
  }

  async due(now: string, limit: number) {
    return [...this.entries.values()]
      .filter((e) => e.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
      .slice(0, limit)
      .map(clone);
  }

  async reschedule(entry: PendingCrmErasure, nextAttemptAt: string, attempts: number) {
    const current = this.entries.get(this.id(entry));
    if (!current || current.nextAttemptAt !== entry.nextAttemptAt) return false;
    this.entries.set(this.id(entry), { ...current, nextAttemptAt, attempts });
    return true;
  }

  async finish(entry: PendingCrmErasure, outcome: CrmErasureOutcome) {
    this.outcomes.push({ leadId: entry.leadId, ...clone(outcome) });
    this.entries.delete(this.id(entry));
  }
}
