import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../shared/domain/leads/lead';
import { CrmSyncService } from '../../../shared/services/crm/crm-sync-service';
import {
  type CrmCredentials,
  CrmRequestError,
  type CrmTarget,
  type Integration,
} from '../../../shared/services/crm/ports';
import { InMemoryCrmStateStore, InMemoryIntegrationStore } from '../../support/in-memory/crm-stores';
import { makeLead } from '../../support/leads';

const START = Date.parse('2026-02-02T09:00:00.000Z');
const WS = 'ws-crm';
const TARGET: CrmTarget = { crm: 'notion', databaseId: 'db-1' };

function integration(overrides: Partial<Integration> = {}): Integration {
  return {
    workspaceId: WS,
    crm: 'notion',
    target: TARGET,
    autoSync: true,
    statuses: ['new', 'contacted', 'qualified'],
    credentials: { v: 1, wrappedKey: 'k', iv: 'i', tag: 't', ciphertext: 'c' },
    status: 'active',
    createdAt: new Date(START).toISOString(),
    updatedAt: new Date(START).toISOString(),
    ...overrides,
  };
}

/** A CRM that records each upsert and fails the calls a test scripts, in order. */
class ScriptedCrm {
  readonly calls: Array<{ name: string | null; externalId: string | undefined }> = [];
  readonly erased: string[] = [];
  readonly failures: Error[] = [];
  outboxDuringCall: unknown[] = [];

  constructor(private readonly state: InMemoryCrmStateStore) {}

  writer = (_credentials: CrmCredentials, _target: CrmTarget) => ({
    upsert: async (row: { name: string | null }, externalId: string | undefined) => {
      this.calls.push({ name: row.name, externalId });
      this.outboxDuringCall.push(...this.state.outbox.values());
      const failure = this.failures.shift();
      if (failure) throw failure;
      return { externalId: externalId ?? `page-${this.calls.length}` };
    },
    erase: async (externalId: string) => {
      this.erased.push(externalId);
      const failure = this.failures.shift();
      if (failure) throw failure;
      return 'erased' as const;
    },
  });
}

async function world(options: { plan?: string; integration?: Partial<Integration> } = {}) {
  let now = START;
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const leads = new Map<string, Lead>();
  const state = new InMemoryCrmStateStore(leads);
  const integrations = new InMemoryIntegrationStore();
  await integrations.put(integration(options.integration));
  const crm = new ScriptedCrm(state);
  const sleeps: number[] = [];
  const service = new CrmSyncService({
    leads: {
      get: async (workspaceId, leadId) => {
        const lead = leads.get(leadId);
        return lead?.workspaceId === workspaceId ? structuredClone(lead) : undefined;
      },
    },
    workspaces: { getWorkspace: async () => ({ plan: options.plan ?? 'premium' }) },
    integrations,
    state,
    credentials: { withCredentials: (_integration, call) => call({ crm: 'notion', token: 'secret' }) },
    writers: { notion: crm.writer, sheets: crm.writer, airtable: crm.writer },
    retry: { maxAttempts: 3, baseDelayMs: 1_000, budgetMs: 10_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    now: clock.now,
  });
  const addLead = (overrides: Partial<Lead> = {}) => {
    const lead = makeLead(WS, overrides);
    leads.set(lead.id, lead);
    return lead;
  };
  return { service, crm, state, integrations, leads, sleeps, clock, addLead };
}

describe('Class: CrmSyncService', () => {
  describe('Method: syncLead', () => {
    it('creates the CRM record once, records its id and fingerprint on the lead and leaves no outbox entry', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ displayName: 'Ana' });

      // Act
      const outcomes = await w.service.syncLead(WS, lead.id);

      // Assess
      expect(outcomes).toEqual([{ crm: 'notion', status: 'synced' }]);
      expect(w.crm.calls).toEqual([{ name: 'Ana', externalId: undefined }]);
      expect(w.leads.get(lead.id)?.crm.notion).toMatchObject({
        status: 'synced',
        externalId: 'page-1',
        fingerprint: expect.any(String),
      });
      expect(w.state.outbox.size).toBe(0);
      // The entry existed while the call ran: a crash mid-call leaves the lead findable by the retry schedule.
      expect(w.crm.outboxDuringCall).toEqual([
        expect.objectContaining({ leadId: lead.id, attempts: 0, nextAttemptAt: '2026-02-02T09:10:00.000Z' }),
      ]);
    });

    it('skips an unchanged lead without calling the CRM, and updates a changed one in place', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ displayName: 'Ana' });
      await w.service.syncLead(WS, lead.id);

      // Act
      const unchanged = await w.service.syncLead(WS, lead.id);
      w.leads.get(lead.id)!.phone = '+33612345678';
      const changed = await w.service.syncLead(WS, lead.id);

      // Assess
      expect(unchanged).toEqual([{ crm: 'notion', status: 'skipped' }]);
      expect(changed).toEqual([{ crm: 'notion', status: 'synced' }]);
      expect(w.crm.calls).toEqual([
        { name: 'Ana', externalId: undefined },
        { name: 'Ana', externalId: 'page-1' },
      ]);
    });

    it('syncs nothing for a plan without CRM sync or a status the integration leaves out', async () => {
      // Prepare
      const free = await world({ plan: 'freemium' });
      const freeLead = free.addLead();
      const paid = await world({ integration: { statuses: ['qualified'] } });
      const newLead = paid.addLead({ status: 'new' });

      // Act
      const onFree = await free.service.syncLead(WS, freeLead.id);
      const notQualified = await paid.service.syncLead(WS, newLead.id);

      // Assess
      expect(onFree).toEqual([{ crm: 'notion', status: 'skipped' }]);
      expect(notQualified).toEqual([{ crm: 'notion', status: 'skipped' }]);
      expect([...free.crm.calls, ...paid.crm.calls]).toEqual([]);
    });

    it('leaves the pipeline alone when auto-sync is off, but a manual sync still runs', async () => {
      // Prepare
      const w = await world({ integration: { autoSync: false } });
      const lead = w.addLead();

      // Act
      const auto = await w.service.syncLead(WS, lead.id);
      const manual = await w.service.syncLead(WS, lead.id, { trigger: 'manual' });

      // Assess
      expect(auto).toEqual([{ crm: 'notion', status: 'skipped' }]);
      expect(manual).toEqual([{ crm: 'notion', status: 'synced' }]);
      expect(w.crm.calls).toHaveLength(1);
    });

    it("retries a retryable failure with backoff inside one sync, honouring the CRM's own Retry-After", async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead();
      w.crm.failures.push(
        new CrmRequestError('notion', 'Service unavailable', 503, true),
        new CrmRequestError('notion', 'Rate limited', 429, true, 2_500),
      );

      // Act
      const outcomes = await w.service.syncLead(WS, lead.id);

      // Assess
      expect(outcomes).toEqual([{ crm: 'notion', status: 'synced' }]);
      expect(w.crm.calls).toHaveLength(3);
      expect(w.sleeps).toEqual([1_000, 2_500]);
    });

    it('never drops a failed lead: it records the error and pushes the next attempt back exponentially', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead();
      const refused = () => new CrmRequestError('notion', 'Could not find database', 404, false);
      w.crm.failures.push(refused(), refused());

      // Act
      const first = await w.service.syncLead(WS, lead.id);
      const afterFirst = await w.state.getOutbox(WS, 'notion', lead.id);
      w.clock.advance(60_000); // the retry schedule comes back when the entry is due
      const second = await w.service.syncLead(WS, lead.id, { trigger: 'retry' });
      const afterSecond = await w.state.getOutbox(WS, 'notion', lead.id);

      // Assess
      expect(first).toEqual([
        { crm: 'notion', status: 'failed', error: 'notion 404: Could not find database' },
      ]);
      expect(second[0]?.status).toBe('failed');
      expect(afterFirst).toMatchObject({ attempts: 1, nextAttemptAt: '2026-02-02T09:01:00.000Z' });
      expect(afterSecond).toMatchObject({ attempts: 2, nextAttemptAt: '2026-02-02T09:03:00.000Z' });
      expect(w.leads.get(lead.id)?.crm.notion).toMatchObject({
        status: 'failed',
        error: 'notion 404: Could not find database',
      });
    });

    it('makes no call for an integration that needs reconnecting and keeps the lead in the outbox', async () => {
      // Prepare
      const w = await world({
        integration: { status: 'needs_reconnect', lastError: 'Connect Notion again to resume syncing.' },
      });
      const lead = w.addLead();

      // Act
      const outcomes = await w.service.syncLead(WS, lead.id);

      // Assess
      expect(outcomes).toEqual([
        { crm: 'notion', status: 'failed', error: 'notion: Connect Notion again to resume syncing.' },
      ]);
      expect(w.crm.calls).toEqual([]);
      expect(await w.state.getOutbox(WS, 'notion', lead.id)).toMatchObject({ attempts: 1 });
    });

    it('never reads or writes a lead of another workspace', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead();

      // Act
      const outcomes = await w.service.syncLead('ws-other', lead.id);

      // Assess
      expect(outcomes).toEqual([]);
      expect(w.crm.calls).toEqual([]);
    });
  });

  describe('Method: retryDue', () => {
    it('syncs each due lead once and forgets entries whose integration was removed', async () => {
      // Prepare
      const w = await world();
      const due = w.addLead();
      const orphan = w.addLead();
      const later = w.addLead();
      await w.state.putOutbox({
        workspaceId: WS,
        crm: 'notion',
        leadId: due.id,
        attempts: 1,
        nextAttemptAt: '2026-02-02T08:00:00.000Z',
      });
      await w.state.putOutbox({
        workspaceId: WS,
        crm: 'airtable',
        leadId: orphan.id,
        attempts: 3,
        nextAttemptAt: '2026-02-02T08:30:00.000Z',
      });
      await w.state.putOutbox({
        workspaceId: WS,
        crm: 'notion',
        leadId: later.id,
        attempts: 0,
        nextAttemptAt: '2026-02-02T10:00:00.000Z',
      });

      // Act
      const result = await w.service.retryDue();

      // Assess
      expect(result).toEqual({ leads: 2, synced: 2, failed: 0 });
      expect(w.crm.calls).toHaveLength(2);
      expect([...w.state.outbox.values()].map((e) => e.leadId)).toEqual([later.id]);
    });
  });

  describe('Method: eraseLead', () => {
    it('removes the outbox entry first, erases each synced record and reports what it could not remove', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({
        crm: {
          notion: { status: 'synced', at: '2026-02-02T08:00:00.000Z', externalId: 'page-9' },
          airtable: { status: 'synced', at: '2026-02-02T08:00:00.000Z', externalId: 'rec-9' },
        },
      });
      await w.state.putOutbox({
        workspaceId: WS,
        crm: 'notion',
        leadId: lead.id,
        attempts: 2,
        nextAttemptAt: '2026-02-02T10:00:00.000Z',
      });

      // Act
      const outcomes = await w.service.eraseLead(WS, lead);

      // Assess
      expect(w.state.outbox.size).toBe(0);
      expect(w.crm.erased).toEqual(['page-9']);
      expect(outcomes).toEqual([
        { crm: 'notion', externalId: 'page-9', status: 'erased' },
        { crm: 'airtable', externalId: 'rec-9', status: 'kept', reason: 'the integration was removed' },
      ]);
    });

    it('retries a retryable CRM failure and reports a permanent one as kept, without throwing', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({
        crm: { notion: { status: 'synced', at: '2026-02-02T08:00:00.000Z', externalId: 'page-7' } },
      });
      w.crm.failures.push(
        new CrmRequestError('notion', 'busy', 503, true),
        new CrmRequestError('notion', 'forbidden', 403, false),
      );

      // Act
      const outcomes = await w.service.eraseLead(WS, lead);

      // Assess
      expect(w.crm.erased).toEqual(['page-7', 'page-7']);
      expect(outcomes).toEqual([
        { crm: 'notion', externalId: 'page-7', status: 'kept', reason: 'notion 403: forbidden' },
      ]);
    });
  });
});
