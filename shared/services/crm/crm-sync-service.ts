import { createHash } from 'node:crypto';
import type { Lead } from '../../domain/leads/lead';
import { leadExportRow } from '../../domain/leads/lead-fields';
import { planOf } from '../../domain/plans/catalog';
import type { NotifyInput } from '../notifications/notification-service';
import type { CrmCredentialKeeper } from './crm-credentials';
import {
  type CrmErasureOutcome,
  type CrmErasureStore,
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
  type PendingCrmErasure,
} from './ports';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter';
import { type RetryPolicy, withRetry } from './retry';

export interface CrmSyncDependencies {
  leads: { get(workspaceId: string, leadId: string): Promise<Lead | undefined> };
  workspaces: { getWorkspace(workspaceId: string): Promise<{ plan: string } | undefined> };
  integrations: IntegrationStore;
  state: CrmStateStore;
  /** The CRM records of erased contacts, queued by DELETE /leads/{id} (CrmErasureQueue). */
  erasures: CrmErasureStore;
  notifications: { notify(workspaceId: string, input: NotifyInput): Promise<boolean> };
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
 * Runs of the schedule an erased contact's CRM record gets before it is reported as kept: with the backoff above,
 * about four hours, long enough for a CRM outage or a reconnection, short of the month the GDPR allows (Art. 12(3)).
 */
export const MAX_ERASURE_ATTEMPTS = 8;

type ErasureAttempt = { outcome: CrmErasureOutcome } | { retry: string; retryAfterMs?: number };

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
   * The schedule's other work: removes the queued CRM records of erased contacts, as far as each CRM allows
   * (Sheets: the row is cleared; Notion: the page is trashed; Airtable: the record is deleted). A run first moves
   * an entry's due time past its call (so an overlapping run skips it, and a crash leaves it for a later run), then
   * calls the CRM with retries. A CRM that fails in a retryable way, or an integration waiting for a reconnection,
   * is tried again on a later run, backing off; what is still not removed after MAX_ERASURE_ATTEMPTS runs, a
   * record no longer where it was, or a removed integration, is 'kept' and named in an `erasure_incomplete`
   * notification for the owner to remove by hand. Each final outcome goes on the contact's erasure marker.
   */
  async eraseDue(limit = 100): Promise<{ erased: number; kept: number; retrying: number }> {
    const counts = { erased: 0, kept: 0, retrying: 0 };
    for (const entry of await this.deps.erasures.due(this.now().toISOString(), limit)) {
      const lease = new Date(this.now().getTime() + LEASE_MS).toISOString();
      if (!(await this.deps.erasures.reschedule(entry, lease, entry.attempts))) continue;
      const claimed = { ...entry, nextAttemptAt: lease };
      let attempt = await this.eraseRecord(claimed);
      if ('retry' in attempt && entry.attempts + 1 >= MAX_ERASURE_ATTEMPTS)
        attempt = { outcome: this.kept(entry, attempt.retry) };
      if ('retry' in attempt) {
        const delay = Math.max(
          attempt.retryAfterMs ?? 0,
          Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** entry.attempts),
        );
        const next = new Date(this.now().getTime() + delay).toISOString();
        await this.deps.erasures.reschedule(claimed, next, entry.attempts + 1);
        counts.retrying += 1;
        continue;
      }
      const { outcome } = attempt;
      if (outcome.status === 'kept')
        await this.deps.notifications.notify(entry.workspaceId, {
          kind: 'erasure_incomplete',
          title: `Remove an erased contact from ${outcome.crm} by hand`,
          // Names the CRM record only: the person's data is gone from Flow IA, this notice must not keep it.
          body: `A contact was erased from Flow IA, but their ${outcome.crm} record ${outcome.externalId} could not be removed (${outcome.reason ?? 'unknown reason'}). Remove it there.`,
          dedupeKey: `erasure_incomplete:${entry.leadId}:${outcome.crm}:${outcome.externalId}`,
        });
      await this.deps.erasures.finish(entry, outcome);
      counts[outcome.status === 'erased' ? 'erased' : 'kept'] += 1;
    }
    return counts;
  }

  private async eraseRecord(entry: PendingCrmErasure): Promise<ErasureAttempt> {
    const { workspaceId, crm, externalId, leadId } = entry;
    const integration = await this.deps.integrations.get(workspaceId, crm);
    if (!integration) return { outcome: this.kept(entry, 'the integration was removed') };
    if (integration.status === 'needs_reconnect')
      return { retry: integration.lastError ?? 'the connection must be made again' };
    try {
      const result = await this.deps.credentials.withCredentials(integration, async (credentials) => {
        const writer = await this.deps.writers[crm](credentials, integration.target);
        return withRetry(this.deps.retry, this.sleep, async () => {
          await this.limiters[crm].acquire(limiterKey(integration.target));
          return writer.erase(externalId, leadId);
        });
      });
      return result === 'erased'
        ? { outcome: { crm, externalId, status: 'erased' } }
        : { outcome: this.kept(entry, 'the record no longer holds this contact') };
    } catch (error) {
      if (error instanceof CrmRequestError && error.retryable)
        return {
          retry: describe(error),
          ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}),
        };
      return { outcome: this.kept(entry, describe(error)) };
    }
  }

  private kept(entry: PendingCrmErasure, reason: string): CrmErasureOutcome {
    return { crm: entry.crm, externalId: entry.externalId, status: 'kept', reason };
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
      const { externalId } = await this.deps.credentials.withCredentials(integration, async (credentials) => {
        const writer = await this.deps.writers[crm](credentials, integration.target);
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
