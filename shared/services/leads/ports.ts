import type { Lead, LeadStatus } from '../../domain/leads/lead';
import type { Platform } from '../../domain/messages/platforms';

export interface LeadListFilter {
  status?: LeadStatus;
  platform?: Platform;
  minScore?: number;
  maxScore?: number;
  /** Inclusive bounds on lastInteractionAt: ISO dates or date-times (a date covers its whole UTC day). */
  from?: string;
  to?: string;
  text?: string;
  sort: 'lastInteractionAt' | 'score';
  order: 'asc' | 'desc';
}

export interface LeadPage {
  leads: Lead[];
  /** Opaque; null at the end. */
  nextCursor: string | null;
}

export interface Interaction {
  platform: string;
  kind: string;
  direction: 'inbound' | 'outbound';
  text: string;
  occurredAt: string;
  author: string | null;
}

export interface LeadStats {
  from: string;
  to: string;
  total: number;
  byStatus: Record<string, number>;
  byPlatform: Record<string, number>;
  byDay: Array<{ day: string; count: number }>;
}

export type LeadChanges = Partial<Pick<Lead, 'status' | 'notes' | 'tags'>>;

/** Reading and editing leads (the pipeline's writer owns creating them). */
export interface LeadStore {
  list(workspaceId: string, filter: LeadListFilter, limit: number, cursor?: string): Promise<LeadPage>;
  /** Every matching lead, page by page, for the export: never holds more than one page. */
  iterate(workspaceId: string, filter: LeadListFilter): AsyncIterable<Lead>;
  get(workspaceId: string, leadId: string): Promise<Lead | undefined>;
  /** The latest interactions of a lead, oldest first; none that occurred before `since` (retention). */
  history(workspaceId: string, leadId: string, limit: number, since: string): Promise<Interaction[]>;
  update(workspaceId: string, leadId: string, changes: LeadChanges, now: string): Promise<Lead>;
  stats(workspaceId: string, from: string, to: string): Promise<LeadStats>;
}

// ── Contact rights (GDPR access and erasure): GET /leads/{id}/export, DELETE /leads/{id} ──────────────────────

/** Everything stored about one contact besides the lead item, as plain JSON (storage keys removed). */
export interface ContactRecords {
  interactions: Array<Record<string, unknown>>;
  /** The conversation's thread, both directions, oldest first. */
  messages: Array<Record<string, unknown>>;
  conversation: Record<string, unknown> | null;
  /** Send records (the outgoing messages and their attempts), oldest first. */
  deliveries: Array<Record<string, unknown>>;
  /** CRM syncs still to be made for this contact. */
  crmOutbox: Array<Record<string, unknown>>;
  notifications: Array<Record<string, unknown>>;
  /** Outbound webhook deliveries whose event names the contact. */
  webhookDeliveries: Array<Record<string, unknown>>;
}

/** Where an erasure stands: the marker item that makes DELETE /leads/{id} resumable and idempotent. */
export interface ContactErasure {
  workspaceId: string;
  leadId: string;
  status: 'erasing' | 'erased';
  startedAt: string;
  /** Until then a running erasure keeps others out; after it (a crash), the next DELETE takes over. */
  leaseUntil: string;
  requestedBy: string;
  /**
   * The contact's CRM records, once queued for removal (so a resumed erasure does not queue them again): each
   * 'pending' until the crm-sync-retry schedule writes its outcome here ('erased' or 'kept').
   */
  crm: Array<{
    crm: string;
    externalId: string;
    status: 'pending' | 'erased' | 'kept';
    reason?: string;
  }> | null;
  erasedAt: string | null;
  /** Counts only: what the erasure removed or anonymised. */
  counts: Record<string, number> | null;
}

export interface ContactDataStore {
  /** Interactions and thread messages older than `since` have expired (retention) and are left out. */
  collect(workspaceId: string, leadId: string, since: string): Promise<ContactRecords>;
  getErasure(workspaceId: string, leadId: string): Promise<ContactErasure | undefined>;
  /**
   * Takes the erasure of this contact: a conditional write that succeeds when none runs (no marker, a finished
   * one, or one whose lease ran out). False when another erasure holds it.
   */
  claimErasure(erasure: ContactErasure, now: string): Promise<boolean>;
  recordCrmOutcomes(
    workspaceId: string,
    leadId: string,
    crm: NonNullable<ContactErasure['crm']>,
  ): Promise<void>;
  /** Each erase step is idempotent and returns how many items it removed or anonymised. */
  eraseWebhookDeliveries(workspaceId: string, leadId: string): Promise<number>;
  eraseNotifications(workspaceId: string, leadId: string): Promise<number>;
  /** Send records keep their key (the exactly-once guard), status, times and quota day; the rest goes. */
  anonymiseDeliveries(workspaceId: string, leadId: string): Promise<number>;
  /** Interactions with what hangs off each one (trace, follow-up, parked copy); the dedupe marker is kept bare. */
  eraseInteractions(workspaceId: string, leadId: string): Promise<number>;
  eraseConversation(workspaceId: string, leadId: string): Promise<number>;
  eraseLead(workspaceId: string, leadId: string): Promise<void>;
  finishErasure(
    workspaceId: string,
    leadId: string,
    at: string,
    counts: Record<string, number>,
  ): Promise<void>;
}
