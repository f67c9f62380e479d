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
  /** The latest interactions of a lead, oldest first. */
  history(workspaceId: string, leadId: string, limit: number): Promise<Interaction[]>;
  update(workspaceId: string, leadId: string, changes: LeadChanges, now: string): Promise<Lead>;
  stats(workspaceId: string, from: string, to: string): Promise<LeadStats>;
}
