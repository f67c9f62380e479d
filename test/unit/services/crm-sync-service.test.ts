import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../shared/domain/leads/lead';
import { CrmErasureQueue } from '../../../shared/services/crm/crm-erasure-queue';
import { CrmSyncService, MAX_ERASURE_ATTEMPTS } from '../../../shared/services/crm/crm-sync-service';
import {
  type CrmCredentials,
  CrmRequestError,
  type CrmTarget,
  type Integration,
} from '../../../shared/services/crm/ports';
import {
  InMemoryCrmErasureStore,
  InMemoryCrmStateStore,
  InMemoryIntegrationStore,
} from '../../support/in-memory/crm-stores';
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
  /** Records no longer where they were (a sheet sorted by hand): erase answers 'not_found'. */
  readonly moved = new Set<string>();
  outboxDuringCall: unknown[] = [];

  constructor(private readonly state: InMemoryCrmStateStore) {}

  writer = async (_credentials: CrmCredentials, _target: CrmTarget) => ({
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
      return this.moved.has(externalId) ? ('not_found' as const) : ('erased' as const);
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
  const erasures = new InMemoryCrmErasureStore();
  const notices: Array<{ title: string; body: string; dedupeKey?: string }> = [];
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
    erasures,
    notifications: {
      notify: async (_workspaceId, input) => {
        notices.push(input);
        return true;
      },
    },
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
  const queue = new CrmErasureQueue({ state, erasures, now: clock.now });
  return { service, crm, state, erasures, notices, queue, integrations, leads, sleeps, clock, addLead };
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

  describe('Method: eraseDue (the CRM records DELETE /leads/{id} queued)', () => {
    const synced = (externalId: string) => ({
      status: 'synced' as const,
      at: '2026-02-02T08:00:00.000Z',
      externalId,
    });

    it('removes each queued record, writes the outcome for the marker, and names a removed integration’s record', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ crm: { notion: synced('page-9'), airtable: synced('rec-9') } });
      await w.state.putOutbox({
        workspaceId: WS,
        crm: 'notion',
        leadId: lead.id,
        attempts: 2,
        nextAttemptAt: '2026-02-02T10:00:00.000Z',
      });
      const queued = await w.queue.queue(WS, lead);
      expect(w.crm.erased).toEqual([]);

      // Act
      const result = await w.service.eraseDue();

      // Assess
      expect(queued).toEqual([
        { crm: 'notion', externalId: 'page-9', status: 'pending' },
        { crm: 'airtable', externalId: 'rec-9', status: 'pending' },
      ]);
      expect(w.state.outbox.size).toBe(0);
      expect(w.crm.erased).toEqual(['page-9']);
      expect(result).toEqual({ erased: 1, kept: 1, retrying: 0 });
      expect(w.erasures.outcomes).toEqual([
        { leadId: lead.id, crm: 'notion', externalId: 'page-9', status: 'erased' },
        {
          leadId: lead.id,
          crm: 'airtable',
          externalId: 'rec-9',
          status: 'kept',
          reason: 'the integration was removed',
        },
      ]);
      expect(w.erasures.entries.size).toBe(0);
      expect(w.notices).toEqual([
        expect.objectContaining({
          title: 'Remove an erased contact from airtable by hand',
          dedupeKey: `erasure_incomplete:${lead.id}:airtable:rec-9`,
        }),
      ]);
      expect(w.notices[0]?.body).toContain('rec-9');
    });

    it('queues a record once, however often the erasure is resumed', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ crm: { notion: synced('page-3') } });

      // Act
      await w.queue.queue(WS, lead);
      await w.queue.queue(WS, lead);
      await w.service.eraseDue();
      await w.service.eraseDue();

      // Assess
      expect(w.crm.erased).toEqual(['page-3']);
      expect(w.erasures.outcomes).toHaveLength(1);
    });

    it('tries a retryable failure again on a later run, backing off, and reports it kept after the last attempt', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ crm: { notion: synced('page-7') } });
      await w.queue.queue(WS, lead);
      const busy = () => new CrmRequestError('notion', 'busy', 503, true);

      // Act: every attempt of every run fails (3 calls per run: the in-call retries)
      const runs: Array<{ erased: number; kept: number; retrying: number }> = [];
      const dueTimes: string[] = [];
      for (let run = 0; run < MAX_ERASURE_ATTEMPTS; run++) {
        w.crm.failures.push(busy(), busy(), busy());
        const entry = [...w.erasures.entries.values()][0];
        if (entry) w.clock.advance(Math.max(0, Date.parse(entry.nextAttemptAt) - w.clock.now().getTime()));
        runs.push(await w.service.eraseDue());
        const after = [...w.erasures.entries.values()][0];
        if (after) dueTimes.push(after.nextAttemptAt);
      }

      // Assess
      expect(runs.slice(0, -1).every((r) => r.retrying === 1)).toBe(true);
      expect(runs.at(-1)).toEqual({ erased: 0, kept: 1, retrying: 0 });
      // Each run sets the next one later (1 min, 2 min, 4 min… after it, capped at an hour).
      const gaps = dueTimes.slice(1).map((t, i) => Date.parse(t) - Date.parse(dueTimes[i]!));
      expect(gaps.slice(0, 3).map((g) => g > 0)).toEqual([true, true, true]);
      expect(w.erasures.outcomes).toEqual([
        expect.objectContaining({ status: 'kept', reason: 'notion 503: busy' }),
      ]);
      expect(w.notices).toHaveLength(1);
    });

    it('reports a permanent failure or a record no longer holding the contact as kept at once', async () => {
      // Prepare
      const w = await world();
      const first = w.addLead({ crm: { notion: synced('page-1') } });
      const second = w.addLead({ crm: { notion: synced('page-2') } });
      await w.queue.queue(WS, first);
      await w.queue.queue(WS, second);
      w.crm.failures.push(new CrmRequestError('notion', 'forbidden', 403, false));
      w.crm.moved.add('page-2');

      // Act
      const result = await w.service.eraseDue();

      // Assess
      expect(result).toEqual({ erased: 0, kept: 2, retrying: 0 });
      expect(w.erasures.outcomes.map((o) => o.reason).sort()).toEqual([
        'notion 403: forbidden',
        'the record no longer holds this contact',
      ]);
      expect(w.notices).toHaveLength(2);
    });

    it('waits for an integration being reconnected instead of calling the CRM', async () => {
      // Prepare
      const w = await world({ integration: { status: 'needs_reconnect', lastError: 'token revoked' } });
      const lead = w.addLead({ crm: { notion: synced('page-5') } });
      await w.queue.queue(WS, lead);

      // Act
      const result = await w.service.eraseDue();

      // Assess
      expect(result).toEqual({ erased: 0, kept: 0, retrying: 1 });
      expect(w.crm.erased).toEqual([]);
      expect([...w.erasures.entries.values()]).toEqual([expect.objectContaining({ attempts: 1 })]);
    });

    it('leaves an entry another run already took (its due time moved) alone', async () => {
      // Prepare
      const w = await world();
      const lead = w.addLead({ crm: { notion: synced('page-4') } });
      await w.queue.queue(WS, lead);
      const [seen] = await w.erasures.due(w.clock.now().toISOString(), 10);
      await w.erasures.reschedule(seen!, '2026-02-02T09:10:00.000Z', 0);
      const due = w.erasures.due.bind(w.erasures);
      w.erasures.due = async () => [seen!];

      // Act
      const result = await w.service.eraseDue();

      // Assess
      w.erasures.due = due;
      expect(result).toEqual({ erased: 0, kept: 0, retrying: 0 });
      expect(w.crm.erased).toEqual([]);
    });
  });
});
