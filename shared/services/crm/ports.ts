export type CrmName = 'sheets' | 'notion' | 'airtable';

export interface CrmSyncOutcome {
  crm: CrmName;
  status: 'synced' | 'failed' | 'skipped';
  error?: string;
}

/** What the workflow's CRM step and the retry schedule call. */
export interface CrmSyncer {
  /** Syncs one lead to every CRM the workspace enabled for its status; never throws for a CRM failure. */
  syncLead(workspaceId: string, leadId: string): Promise<CrmSyncOutcome[]>;
}
