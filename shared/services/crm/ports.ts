import type { Lead, LeadStatus } from '../../domain/leads/lead';
import type { LeadExportRow } from '../../domain/leads/lead-fields';
import type { SealedSecret } from '../vault/envelope';

export type CrmName = 'sheets' | 'notion' | 'airtable';

export interface CrmSyncOutcome {
  crm: CrmName;
  status: 'synced' | 'failed' | 'skipped';
  error?: string;
}

export interface CrmSyncOptions {
  /** 'auto' (the pipeline) honours each integration's autoSync switch; 'retry' and 'manual' do not. */
  trigger?: 'auto' | 'retry' | 'manual';
}

/** What the workflow's CRM step and the retry schedule call. */
export interface CrmSyncer {
  /** Syncs one lead to every CRM the workspace enabled for its status; never throws for a CRM failure. */
  syncLead(workspaceId: string, leadId: string, options?: CrmSyncOptions): Promise<CrmSyncOutcome[]>;
}

// ── The pieces the CRM sync service is built from (implemented in shared/adapters) ─────────────────────────
export const CRM_NAMES = ['sheets', 'notion', 'airtable'] as const;

export type CrmTarget =
  | { crm: 'sheets'; spreadsheetId: string; sheetName: string }
  | { crm: 'notion'; databaseId: string }
  | { crm: 'airtable'; baseId: string; tableName: string };

/** Secrets per CRM; only ever in memory or sealed in the vault (provider = the CRM's name). */
export type CrmCredentials =
  | { crm: 'sheets'; accessToken: string }
  | { crm: 'notion'; token: string }
  | { crm: 'airtable'; apiKey: string };

export interface Integration {
  workspaceId: string;
  crm: CrmName;
  target: CrmTarget;
  autoSync: boolean;
  /** Leads sync only while their status is in this list. */
  statuses: LeadStatus[];
  credentials: SealedSecret;
  createdAt: string;
  updatedAt: string;
}

export interface IntegrationStore {
  list(workspaceId: string): Promise<Integration[]>;
  get(workspaceId: string, crm: CrmName): Promise<Integration | undefined>;
  put(integration: Integration): Promise<void>;
  remove(workspaceId: string, crm: CrmName): Promise<void>;
}

/** One CRM record for one lead: created once, then updated in place through its external id. */
export interface CrmRecordWriter {
  upsert(row: LeadExportRow, externalId: string | undefined): Promise<{ externalId: string }>;
}

export type CrmWriterFactory = (credentials: CrmCredentials, target: CrmTarget) => CrmRecordWriter;

/** A failed CRM call, classified so the service knows whether and when to try again. */
export class CrmRequestError extends Error {
  override name = 'CrmRequestError';
  constructor(
    readonly crm: CrmName,
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    /** The provider's own wait (Retry-After, Airtable's 30 s), when it gave one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type LeadCrmState = NonNullable<Lead['crm'][string]>;

export interface CrmOutboxEntry {
  workspaceId: string;
  crm: CrmName;
  leadId: string;
  attempts: number;
  nextAttemptAt: string;
}

/** Sync state on the lead, and the outbox of (lead, CRM) pairs still to sync. */
export interface CrmStateStore {
  recordState(workspaceId: string, leadId: string, crm: CrmName, state: LeadCrmState): Promise<void>;
  getOutbox(workspaceId: string, crm: CrmName, leadId: string): Promise<CrmOutboxEntry | undefined>;
  putOutbox(entry: CrmOutboxEntry): Promise<void>;
  removeOutbox(workspaceId: string, crm: CrmName, leadId: string): Promise<void>;
  /** Entries due at `now`, oldest first, across every workspace. */
  dueOutbox(now: string, limit: number): Promise<CrmOutboxEntry[]>;
}
