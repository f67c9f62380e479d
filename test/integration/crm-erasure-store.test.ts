import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite } from '../../infra/local/dynamo';
import { startMotoServer } from '../../infra/local/moto-server';
import type { DynamoTable } from '../../shared/adapters/dynamo/client';
import { DynamoContactDataStore } from '../../shared/adapters/dynamo/contact-data-store';
import { DynamoCrmErasureStore } from '../../shared/adapters/dynamo/crm-erasure-store';
import type { PendingCrmErasure } from '../../shared/services/crm/ports';
import type { ContactErasure } from '../../shared/services/leads/ports';
import { tableAt } from '../support/dynamo-table';

/**
 * The CRM erasure queue and the outcome it writes on the contact's erasure marker (one list element, updated in
 * place under a condition on that element) on the local stage's dynalite and on moto's DynamoDB (an emulator
 * written by others): the nested `SET crm[i]` update and its condition must behave the same on both.
 */
const backends = [
  { name: 'dynalite', start: () => startDynalite(undefined) },
  { name: 'moto', start: () => startMotoServer() },
] as const;

// A fixed day far from the real clock: nothing here compares with the machine's time.
const T0 = '2030-01-10T10:00:00.000Z';
const LATER = '2030-01-10T10:05:00.000Z';

describe.each(backends)('Class: DynamoCrmErasureStore ($name)', ({ start }) => {
  let stop: () => Promise<void>;
  let table: DynamoTable;
  beforeAll(async () => {
    const server = await start();
    stop = () => server.stop();
    const tableName = 'crm-erasure-test';
    await ensureTable(server.endpoint, tableName, 'eu-west-3');
    table = tableAt(server.endpoint, tableName, 'eu-west-3');
  }, 120_000);
  afterAll(async () => {
    table?.client.destroy();
    await stop?.();
  });

  let counter = 0;
  /** A contact whose erasure listed an Airtable and a Notion record, both pending, each queued. */
  async function erasureWithTwoRecords() {
    counter += 1;
    const workspaceId = `ws-erasure-${counter}`;
    const leadId = `lead-${counter}`;
    const contacts = new DynamoContactDataStore(table);
    const marker: ContactErasure = {
      workspaceId,
      leadId,
      status: 'erased',
      startedAt: T0,
      leaseUntil: T0,
      requestedBy: 'user-1',
      crm: null,
      erasedAt: T0,
      counts: {},
    };
    expect(await contacts.claimErasure(marker, T0)).toBe(true);
    await contacts.recordCrmOutcomes(workspaceId, leadId, [
      { crm: 'airtable', externalId: `rec${counter}`, status: 'pending' },
      { crm: 'notion', externalId: `page-${counter}`, status: 'pending' },
    ]);
    const entries: PendingCrmErasure[] = [
      { workspaceId, leadId, crm: 'airtable', externalId: `rec${counter}`, attempts: 0, nextAttemptAt: T0 },
      { workspaceId, leadId, crm: 'notion', externalId: `page-${counter}`, attempts: 0, nextAttemptAt: T0 },
    ];
    const store = new DynamoCrmErasureStore(table);
    for (const entry of entries) await store.add(entry);
    return { store, contacts, workspaceId, leadId, entries };
  }

  describe('Method: finish', () => {
    it('writes the outcome on its own element of the marker, keeps the other, and removes the entry', async () => {
      // Prepare
      const { store, contacts, workspaceId, leadId, entries } = await erasureWithTwoRecords();
      const [airtable, notion] = entries as [PendingCrmErasure, PendingCrmErasure];

      // Act
      await store.finish(notion, { crm: 'notion', externalId: notion.externalId, status: 'erased' });

      // Assess
      const marker = await contacts.getErasure(workspaceId, leadId);
      expect(marker?.crm).toEqual([
        { crm: 'airtable', externalId: airtable.externalId, status: 'pending' },
        { crm: 'notion', externalId: notion.externalId, status: 'erased' },
      ]);
      const due = await store.due(LATER, 100);
      expect(due.filter((entry) => entry.workspaceId === workspaceId)).toEqual([airtable]);
    });

    it('leaves a marker alone that no longer lists the record at that place (a later erasure of the same id)', async () => {
      // Prepare: the contact's marker was replaced by a new erasure listing other records.
      const { store, contacts, workspaceId, leadId, entries } = await erasureWithTwoRecords();
      const [airtable] = entries as [PendingCrmErasure];
      const replaced = [{ crm: 'sheets', externalId: 'row-9', status: 'pending' as const }];
      await contacts.recordCrmOutcomes(workspaceId, leadId, replaced);

      // Act
      await store.finish(airtable, { crm: 'airtable', externalId: airtable.externalId, status: 'kept' });

      // Assess
      expect((await contacts.getErasure(workspaceId, leadId))?.crm).toEqual(replaced);
      const due = await store.due(LATER, 100);
      expect(due.filter((entry) => entry.workspaceId === workspaceId).map((e) => e.crm)).toEqual(['notion']);
    });
  });

  describe('Method: reschedule', () => {
    it('moves an entry once: a second run that read the same attempt loses the race', async () => {
      // Prepare
      const { store, workspaceId, entries } = await erasureWithTwoRecords();
      const [airtable] = entries as [PendingCrmErasure];

      // Act
      const first = await store.reschedule(airtable, LATER, 1);
      const second = await store.reschedule(airtable, LATER, 1);

      // Assess
      expect([first, second]).toEqual([true, false]);
      const mine = (await store.due(LATER, 100)).filter((entry) => entry.workspaceId === workspaceId);
      expect(mine.find((entry) => entry.crm === 'airtable')).toMatchObject({
        attempts: 1,
        nextAttemptAt: LATER,
      });
      expect(
        (await store.due(T0, 100)).filter((e) => e.workspaceId === workspaceId).map((e) => e.crm),
      ).toEqual(['notion']);
    });
  });
});
