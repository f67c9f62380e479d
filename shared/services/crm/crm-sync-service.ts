import { createHash } from 'node:crypto';
import type { Lead } from '../../domain/leads/lead';
import { leadExportRow } from '../../domain/leads/lead-fields';
import { planOf } from '../../domain/plans/catalog';
import type { CrmCredentialKeeper } from './crm-credentials';
import {
  CRM_NAMES,
  type CrmName,
  CrmRequestError,
  type CrmStateStore,
  type CrmSyncer,
  type CrmSyncOptions,
  type CrmSyncOutcome,
  type CrmTarget,
  type CrmWriterFactory,
  type Integration,
  type IntegrationStore,
} from './ports';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter';
import { type RetryPolicy, withRetry } from './retry';

/** What became of one CRM record of an erased contact. */
export interface CrmErasureOutcome {
  crm: CrmName;
  externalId: string;
  /** 'kept': the CRM could not be reached or no longer holds the record where it was: someone must remove it. */
  status: 'erased' | 'kept';
  reason?: string;
}

export interface CrmSyncDependencies {
  leads: { get(workspaceId: string, leadId: string): Promise<Lead | undefined> };
  workspaces: { getWorkspace(workspaceId: string): Promise<{ plan: string } | undefined> };
  integrations: IntegrationStore;
  state: CrmStateStore;
  credentials: Pick<CrmCredentialKeeper, 'withCredentials'>;
  writers: Record<CrmName, CrmWriterFactory>;
  retry: RetryPolicy;
  sleep?: Sleep;
  now?: () => Date;
}

/**
 * Request pacing under the published limits: Airtable 5/s per base (paced at 4/s: requests spaced exactly 200 ms
 * apart on our side arrive with jitter and can land six in one of Airtable's 1 s windows, which costs a 30 s
 * lock-out), Notion an average of 3/s per connection, Sheets 60 writes/min per user.
 */
const RATES: Record<CrmName, number> = { airtable: 4, notion: 3, sheets: 1 };
/** An outbox entry written before a call is picked up by the schedule after this, should the call never end. */
const LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * Syncs leads to the workspace's CRMs. Per (lead, CRM): skip what the plan, the integration's statuses or an
 * unchanged fingerprint rule out; an integration that needs reconnecting fails without a call (and stays in the
 * outbox until the admin reconnects); write an outbox entry first (so a crash still leaves the lead findable by the
 * retry schedule); call the CRM through a per-target rate limiter with retries; then record the result on the
 * lead (`crm[crm]`) and either clear the outbox entry or push its next attempt back exponentially (never drop it).
 */
export class CrmSyncService implements CrmSyncer {
  private readonly limiters: Record<CrmName, RateLimiter>;
  private readonly sleep: Sleep;
  private readonly now: () => Date;

  constructor(private readonly deps: CrmSyncDependencies) {
    this.sleep = deps.sleep ?? realSleep;
    this.now = deps.now ?? (() => new Date());
    const limiter = (rate: number) => new RateLimiter(rate, () => this.now().getTime(), this.sleep);
    this.limiters = {
      airtable: limiter(RATES.airtable),
      notion: limiter(RATES.notion),
      sheets: limiter(RATES.sheets),
    };
  }

  async syncLead(
    workspaceId: string,
    leadId: string,
    options: CrmSyncOptions = {},
  ): Promise<CrmSyncOutcome[]> {
    const integrations = await this.deps.integrations.list(workspaceId);
    if (integrations.length === 0) return [];
    const workspace = await this.deps.workspaces.getWorkspace(workspaceId);
    const allowed = planOf(workspace?.plan).features.crmSync;
    const lead = await this.deps.leads.get(workspaceId, leadId);
    const outcomes: CrmSyncOutcome[] = [];
    for (const integration of integrations)
      outcomes.push(await this.syncOne(integration, lead, leadId, allowed, options.trigger ?? 'auto'));
    return outcomes;
  }

  /** The schedule's work: every due outbox entry, one sync per lead; entries of removed integrations go away. */
  async retryDue(limit = 100): Promise<{ leads: number; synced: number; failed: number }> {
    const due = await this.deps.state.dueOutbox(this.now().toISOString(), limit);
    const byLead = new Map<string, typeof due>();
    for (const entry of due) {
      const key = `${entry.workspaceId}\u0000${entry.leadId}`;
      byLead.set(key, [...(byLead.get(key) ?? []), entry]);
    }
    let synced = 0;
    let failed = 0;
    for (const entries of byLead.values()) {
      const { workspaceId, leadId } = entries[0]!;
      const outcomes = await this.syncLead(workspaceId, leadId, { trigger: 'retry' });
      synced += outcomes.filter((o) => o.status === 'synced').length;
      failed += outcomes.filter((o) => o.status === 'failed').length;
      for (const entry of entries)
        if (!outcomes.some((o) => o.crm === entry.crm))
          await this.deps.state.removeOutbox(workspaceId, entry.crm, leadId);
    }
    return { leads: byLead.size, synced, failed };
  }

  /**
   * A contact's erasure in the CRMs: the outbox entries go first (so the retry schedule cannot write the record
   * again), then each record the lead's sync state names is removed as far as the CRM allows (Sheets: the row is
   * cleared; Notion: the page is trashed; Airtable: the record is deleted). Never throws for a CRM failure: what
   * could not be removed is returned as 'kept' with its reason, for the owner to remove by hand.
   */
  async eraseLead(workspaceId: string, lead: Pick<Lead, 'id' | 'crm'>): Promise<CrmErasureOutcome[]> {
    for (const crm of CRM_NAMES) await this.deps.state.removeOutbox(workspaceId, crm, lead.id);
    const integrations = await this.deps.integrations.list(workspaceId);
    const outcomes: CrmErasureOutcome[] = [];
    for (const [name, state] of Object.entries(lead.crm ?? {})) {
      const externalId = state?.externalId;
      if (!externalId || !CRM_NAMES.includes(name as CrmName)) continue;
      const crm = name as CrmName;
      const integration = integrations.find((i) => i.crm === crm);
      if (!integration) {
        outcomes.push({ crm, externalId, status: 'kept', reason: 'the integration was removed' });
        continue;
      }
      try {
        const result = await this.deps.credentials.withCredentials(integration, (credentials) => {
          const writer = this.deps.writers[crm](credentials, integration.target);
          return withRetry(this.deps.retry, this.sleep, async () => {
            await this.limiters[crm].acquire(limiterKey(integration.target));
            return writer.erase(externalId, lead.id);
          });
        });
        outcomes.push(
          result === 'erased'
            ? { crm, externalId, status: 'erased' }
            : { crm, externalId, status: 'kept', reason: 'the record no longer holds this contact' },
        );
      } catch (error) {
        outcomes.push({ crm, externalId, status: 'kept', reason: describe(error) });
      }
    }
    return outcomes;
  }

  private async syncOne(
    integration: Integration,
    lead: Lead | undefined,
    leadId: string,
    allowed: boolean,
    trigger: NonNullable<CrmSyncOptions['trigger']>,
  ): Promise<CrmSyncOutcome> {
    const { workspaceId, crm } = integration;
    const skip = async (): Promise<CrmSyncOutcome> => {
      await this.deps.state.removeOutbox(workspaceId, crm, leadId);
      return { crm, status: 'skipped' };
    };
    if (!lead || !allowed || !integration.statuses.includes(lead.status)) return skip();
    if (trigger === 'auto' && !integration.autoSync) return { crm, status: 'skipped' };
    const row = leadExportRow(lead);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([row, integration.target]))
      .digest('base64url')
      .slice(0, 22);
    const previous = lead.crm?.[crm];
    if (previous?.status === 'synced' && previous.fingerprint === fingerprint) return skip();

    const attempts = (await this.deps.state.getOutbox(workspaceId, crm, leadId))?.attempts ?? 0;
    const started = this.now();
    await this.deps.state.putOutbox({
      workspaceId,
      crm,
      leadId,
      attempts,
      nextAttemptAt: new Date(started.getTime() + LEASE_MS).toISOString(),
    });
    try {
      if (integration.status === 'needs_reconnect')
        throw new CrmRequestError(
          crm,
          integration.lastError ?? 'The connection must be made again before leads sync.',
          undefined,
          false,
        );
      // Fresh credentials per attempt series: a Sheets token is renewed before expiry and once more on a 401.
      const { externalId } = await this.deps.credentials.withCredentials(integration, (credentials) => {
        const writer = this.deps.writers[crm](credentials, integration.target);
        return withRetry(this.deps.retry, this.sleep, async () => {
          await this.limiters[crm].acquire(limiterKey(integration.target));
          return writer.upsert(row, previous?.externalId);
        });
      });
      await this.deps.state.recordState(workspaceId, leadId, crm, {
        status: 'synced',
        at: this.now().toISOString(),
        externalId,
        fingerprint,
      });
      await this.deps.state.removeOutbox(workspaceId, crm, leadId);
      return { crm, status: 'synced' };
    } catch (error) {
      const message = describe(error);
      const retryAfter = error instanceof CrmRequestError ? (error.retryAfterMs ?? 0) : 0;
      const delay = Math.max(retryAfter, Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempts));
      await this.deps.state.recordState(workspaceId, leadId, crm, {
        status: 'failed',
        at: this.now().toISOString(),
        error: message,
        ...(previous?.externalId ? { externalId: previous.externalId } : {}),
      });
      await this.deps.state.putOutbox({
        workspaceId,
        crm,
        leadId,
        attempts: attempts + 1,
        nextAttemptAt: new Date(this.now().getTime() + delay).toISOString(),
      });
      return { crm, status: 'failed', error: message };
    }
  }
}

function limiterKey(target: CrmTarget): string {
  if (target.crm === 'airtable') return target.baseId;
  if (target.crm === 'notion') return target.databaseId;
  return target.spreadsheetId;
}

/** A failure in plain words for the dashboard; provider messages never carry our secrets. */
function describe(error: unknown): string {
  if (error instanceof CrmRequestError)
    return `${error.crm}${error.status ? ` ${error.status}` : ''}: ${error.message}`.slice(0, 500);
  if (error instanceof Error && error.name === 'VaultError')
    return 'The stored credentials cannot be opened.';
  return 'Unexpected error while syncing.';
}
