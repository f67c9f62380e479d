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

/**
 * Secrets per CRM; only ever in memory or sealed in the vault (provider = the CRM's name). Sheets holds a Google
 * OAuth grant (GET /integrations/sheets/auth-url): the access token lasts about an hour, the refresh token renews it.
 */
export type CrmCredentials =
  | { crm: 'sheets'; accessToken: string; refreshToken: string; expiresAt: string | null; scope: string }
  | { crm: 'notion'; token: string }
  | { crm: 'airtable'; apiKey: string };

export type SheetsCredentials = Extract<CrmCredentials, { crm: 'sheets' }>;

/** `needs_reconnect`: the CRM's grant is gone (Google invalid_grant); nothing syncs until the admin connects again. */
export type IntegrationStatus = 'active' | 'needs_reconnect';

export interface Integration {
  workspaceId: string;
  crm: CrmName;
  target: CrmTarget;
  autoSync: boolean;
  /** Leads sync only while their status is in this list. */
  statuses: LeadStatus[];
  credentials: SealedSecret;
  /** Absent on integrations stored before statuses existed: active. */
  status?: IntegrationStatus;
  /** Plain-words reason of the last credential failure, shown to the admin. */
  lastError?: string | null;
  /** When the credentials were last granted (an OAuth connect): names the outage a notification is about. */
  connectedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface IntegrationStore {
  list(workspaceId: string): Promise<Integration[]>;
  get(workspaceId: string, crm: CrmName): Promise<Integration | undefined>;
  put(integration: Integration): Promise<void>;
  /** Changes an existing integration's credentials or state; false when it no longer exists. */
  update(
    workspaceId: string,
    crm: CrmName,
    changes: Partial<Pick<Integration, 'credentials' | 'status' | 'lastError' | 'connectedAt' | 'updatedAt'>>,
  ): Promise<boolean>;
  remove(workspaceId: string, crm: CrmName): Promise<void>;
}

/**
 * A Google grant for Sheets that arrived by the OAuth callback before the workspace chose its spreadsheet: kept
 * sealed (one per workspace, expiring) until PUT /integrations/sheets names the target.
 */
export interface PendingGrantStore {
  put(
    workspaceId: string,
    crm: CrmName,
    sealed: SealedSecret,
    grantedAt: string,
    expiresAt: Date,
  ): Promise<void>;
  /** Absent once expired at `now`. */
  get(
    workspaceId: string,
    crm: CrmName,
    now: Date,
  ): Promise<{ sealed: SealedSecret; grantedAt: string } | undefined>;
  remove(workspaceId: string, crm: CrmName): Promise<void>;
}

/** One CRM record for one lead: created once, then updated in place through its external id. */
export interface CrmRecordWriter {
  upsert(row: LeadExportRow, externalId: string | undefined): Promise<{ externalId: string }>;
  /**
   * Removes the lead's record as far as the CRM's API allows (a contact's erasure): 'erased' when it is gone or
   * was already gone, 'not_found' when the place no longer holds this lead (a sheet sorted by hand), so someone
   * must remove it there.
   */
  erase(externalId: string, leadId: string): Promise<'erased' | 'not_found'>;
}

/** A writer for one sync: async, so the composition can load a CRM's SDK only when a workspace syncs to it. */
export type CrmWriterFactory = (credentials: CrmCredentials, target: CrmTarget) => Promise<CrmRecordWriter>;

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

/** What became of one CRM record of an erased contact. */
export interface CrmErasureOutcome {
  crm: CrmName;
  externalId: string;
  /**
   * 'pending': queued for the crm-sync-retry schedule; 'kept': the CRM could not be reached in time, the
   * integration is gone, or the record no longer holds the contact where it was: someone must remove it by hand.
   */
  status: 'pending' | 'erased' | 'kept';
  reason?: string;
}

/**
 * One CRM record of an erased contact, waiting to be removed (DELETE /leads/{id} queues it; the crm-sync-retry
 * schedule, which carries the CRM clients, removes it). Holds the CRM's record id and the lead id (a hash), none of
 * the person's data.
 */
export interface PendingCrmErasure {
  workspaceId: string;
  crm: CrmName;
  externalId: string;
  leadId: string;
  attempts: number;
  nextAttemptAt: string;
}

export interface CrmErasureStore {
  /** Queues a record, once per (workspace, CRM, record id): queuing it again leaves the first entry as it is. */
  add(entry: PendingCrmErasure): Promise<void>;
  /** Entries due at `now`, oldest first, across every workspace. */
  due(now: string, limit: number): Promise<PendingCrmErasure[]>;
  /**
   * Moves the entry's next attempt from `entry.nextAttemptAt` to `nextAttemptAt`: false when another run moved it
   * first (the one that wins the move makes the call).
   */
  reschedule(entry: PendingCrmErasure, nextAttemptAt: string, attempts: number): Promise<boolean>;
  /** The record's final outcome goes on the contact's erasure marker (when it still lists it); the entry goes. */
  finish(entry: PendingCrmErasure, outcome: CrmErasureOutcome): Promise<void>;
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
