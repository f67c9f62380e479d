import { createRequire } from 'node:module';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamo';
import type { DynamoTable } from '../../shared/adapters/dynamo/client';
import { DynamoContactDataStore } from '../../shared/adapters/dynamo/contact-data-store';
import { DynamoConversationStore } from '../../shared/adapters/dynamo/conversation-store';
import { DynamoDeliveryStore, ENTRIES_PER_DELIVERY } from '../../shared/adapters/dynamo/delivery-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import {
  DynamoSendRecordStore,
  toSendItem,
  toSendRecord,
} from '../../shared/adapters/dynamo/send-record-store';
import type { SendAttempt, SendRecord, SendStatus } from '../../shared/domain/delivery/send-record';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { followUpKeySuffix } from '../../shared/domain/scenarios/follow-ups';
import { stepIdempotencyKey } from '../../shared/services/engine/action-sender';
import { idempotencyKeyOf } from '../../shared/services/engine/workflow-state';
import { tableAt } from '../support/dynamo-table';

/** dynalite's size of a marshalled item (db/index.js `itemSize`): what its write units are computed on. */
const itemSize = createRequire(import.meta.url)('dynalite/db').itemSize as (
  item: Record<string, AttributeValue>,
) => number;

/**
 * The send record's slim item (send-record-store.ts) against the layout it replaces: the same claims and settles
 * go to a table written the older way (the record whole, every settle SETting the record's copies) and to one
 * written by the store; every reader must get the same records from both, and the store must read the older
 * items as they were.
 */
let dynamo: LocalDynamo;
let slimTable: DynamoTable;
let wholeTable: DynamoTable;
beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  await ensureTable(dynamo.endpoint, 'send-slim');
  await ensureTable(dynamo.endpoint, 'send-whole');
  slimTable = tableAt(dynamo.endpoint, 'send-slim');
  wholeTable = tableAt(dynamo.endpoint, 'send-whole');
});
afterAll(async () => {
  slimTable?.client.destroy();
  wholeTable?.client.destroy();
  await dynamo.stop();
});

type Change = Parameters<DynamoSendRecordStore['settle']>[3];

/** The layout before the slim item, as the store wrote it: the reference every read is compared with. */
class WholeSendRecordStore {
  constructor(private readonly table: DynamoTable) {}
  async raw(workspaceId: string, idempotencyKey: string) {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.sendRecord(workspaceId, idempotencyKey) }),
    );
    return Item;
  }
  /** The older `toSendRecord`: the item less its keys. */
  async read(workspaceId: string, idempotencyKey: string) {
    const item = await this.raw(workspaceId, idempotencyKey);
    if (!item) return undefined;
    const { pk, sk, type, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, ...record } = item;
    return record as unknown as SendRecord;
  }
  async claim(record: SendRecord) {
    const at = record.createdAt ?? record.startedAt;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.sendRecord(record.workspaceId, record.idempotencyKey),
          ...keys.deliveryByTime(record.workspaceId, at, record.idempotencyKey),
          ...(record.leadId
            ? {
                // The lead's deliveries view older records were also in (they are read from the thread now).
                gsi2pk: `WS#${record.workspaceId}#DELIVERIES#${record.leadId}`,
                gsi2sk: `${at}#${record.idempotencyKey}`,
                ...keys.threadEntry(record.workspaceId, record.leadId, at, record.idempotencyKey),
              }
            : {}),
          type: 'sendRecord',
          ...record,
        },
      }),
    );
  }
  async settle(workspaceId: string, idempotencyKey: string, change: Change) {
    const values: Record<string, unknown> = {
      ':status': change.status,
      ':entry': [change.attempt],
      ':explanation': change.attempt.explanation,
      ':now': change.attempt.at,
    };
    const sets = [
      '#status = :status',
      'attempts = list_append(attempts, :entry)',
      'explanation = :explanation',
      'updatedAt = :now',
    ];
    if (change.providerMessageId !== undefined) {
      sets.push('providerMessageId = :providerMessageId');
      values[':providerMessageId'] = change.providerMessageId;
    }
    if (change.quotaDay !== undefined) {
      sets.push('quotaDay = :quotaDay');
      values[':quotaDay'] = change.quotaDay;
    }
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.sendRecord(workspaceId, idempotencyKey),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }
}

const WORKSPACE = '3f0c2a9e-8b41-4d7a-9c55-1e2f3a4b5c6d';
const ACCOUNT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const SCENARIO = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const MEMBER = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const T0 = '2026-12-04T10:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
let sequence = 0;

/** A claim as the Sender builds it (services/engine/sender.ts). */
function claimOf(
  overrides: Partial<SendRecord> & Pick<SendRecord, 'idempotencyKey' | 'dedupeKey'>,
): SendRecord {
  const platformUserId = `igsid-${sequence}`;
  return {
    createdAt: T0,
    leadId: leadIdOf(WORKSPACE, 'instagram', platformUserId),
    accountId: ACCOUNT,
    platform: 'instagram',
    scenarioId: SCENARIO,
    author: 'bot',
    authorUserId: null,
    mediaId: null,
    variantId: null,
    funnelDay: '2026-12-04',
    dm: true,
    workspaceId: WORKSPACE,
    action: 'dm',
    status: 'sending',
    attempt: 1,
    startedAt: T0,
    quotaDay: null,
    providerMessageId: null,
    text: 'Bonjour ! Nos tarifs sont sur bench.shop/tarifs.',
    explanation: null,
    attempts: [],
    updatedAt: T0,
    ...overrides,
  };
}

/** The next claim of a record that is not final (the Sender's retry), from what the store read. */
const reclaim = (previous: SendRecord, at: string): SendRecord => ({
  ...previous,
  status: 'sending',
  attempt: previous.attempt + 1,
  startedAt: at,
  providerMessageId: null,
  explanation: null,
  updatedAt: at,
});

const entry = (
  attempt: number,
  at: string,
  outcome: SendAttempt['outcome'],
  more: Partial<SendAttempt> = {},
) =>
  ({
    attempt,
    at,
    outcome,
    explanation: outcome === 'sent' ? 'sent' : `${outcome} at ${at}`,
    ...more,
  }) as SendAttempt;

type Step =
  | { claim: (current: SendRecord | undefined) => SendRecord }
  | { settle: (current: SendRecord) => Change; from?: 'sending' | 'queued' }
  | { uncertain: string };

const slim = () => new DynamoSendRecordStore(slimTable);
const whole = () => new WholeSendRecordStore(wholeTable);

/** Runs the steps on both layouts, comparing what the store reads with the older read after every step. */
async function both(idempotencyKey: string, steps: Step[]) {
  for (const step of steps) {
    const current = await whole().read(WORKSPACE, idempotencyKey);
    if ('claim' in step) {
      const record = step.claim(current);
      expect(await slim().claim(record, current)).toBe(true);
      await whole().claim(record);
      // The item a claim puts reads back as the record it was given.
      expect(toSendRecord(toSendItem(record))).toStrictEqual(record);
    } else if ('settle' in step) {
      const change = step.settle(current!);
      expect(await slim().settle(WORKSPACE, idempotencyKey, current!.attempt, change, step.from)).toBe(true);
      await whole().settle(WORKSPACE, idempotencyKey, change);
    } else {
      expect(await slim().markUncertain(WORKSPACE, idempotencyKey, current!.attempt, step.uncertain)).toBe(
        true,
      );
      await whole().settle(WORKSPACE, idempotencyKey, {
        status: 'uncertain',
        attempt: {
          attempt: current!.attempt,
          at: step.uncertain,
          outcome: 'uncertain',
          explanation:
            'delivery uncertain: the sender stopped while the provider was being called; not resent to avoid a duplicate',
        },
      });
    }
    const expected = await whole().read(WORKSPACE, idempotencyKey);
    expect(await slim().get(WORKSPACE, idempotencyKey)).toStrictEqual(expected);
    // The store reads an item of the older layout as it was.
    expect(await new DynamoSendRecordStore(wholeTable).get(WORKSPACE, idempotencyKey)).toStrictEqual(
      expected,
    );
  }
  return (await whole().read(WORKSPACE, idempotencyKey))!;
}

const sent =
  (at: string, providerMessageId: string, quotaDay: string | null = null) =>
  (current: SendRecord) =>
    ({
      status: 'sent',
      attempt: entry(current.attempt, at, 'sent', { providerMessageId }),
      providerMessageId,
      quotaDay,
    }) as Change;

const failedAs =
  (status: SendStatus, outcome: SendAttempt['outcome'], at: string, more: Partial<Change> = {}) =>
  (current: SendRecord) =>
    ({
      status,
      attempt: entry(current.attempt, at, outcome, {
        failure: { code: 'rate_limited', retryable: outcome === 'retry', providerCode: '4' },
      }),
      ...more,
    }) as Change;

/** An interaction's dedupe key as the webhook parser builds it. */
const dedupeOf = (kind: string) => `instagram:${kind}:mid-${++sequence}`;

describe('the send record item', () => {
  it('a bot DM: claimed, sent with its quota day', async () => {
    const dedupeKey = dedupeOf('message');
    const key = idempotencyKeyOf(dedupeKey, 'dm');
    const record = await both(key, [
      { claim: () => claimOf({ idempotencyKey: key, dedupeKey }) },
      { settle: sent(later(1), 'm_AbCdEfGhIjKlMnOp', '2026-12-04') },
    ]);
    expect(record).toMatchObject({
      status: 'sent',
      explanation: 'sent',
      providerMessageId: 'm_AbCdEfGhIjKlMnOp',
    });
  });

  it("a comment's private reply and public reply, with the post and an A/B version", async () => {
    const dedupeKey = dedupeOf('comment');
    for (const action of ['private_reply', 'reply'] as const) {
      const key = idempotencyKeyOf(dedupeKey, action);
      await both(key, [
        {
          claim: () =>
            claimOf({
              idempotencyKey: key,
              dedupeKey,
              action,
              mediaId: '17895695668004550',
              variantId: 'b',
              dm: action === 'private_reply',
            }),
        },
        { settle: sent(later(2), `m_${action}`, action === 'private_reply' ? '2026-12-04' : null) },
      ]);
    }
  });

  it('the second action of a kind in one scenario (its key is not `<dedupeKey>#<action>`)', async () => {
    const dedupeKey = dedupeOf('message');
    const actions = [
      { type: 'dm', message: 'un' },
      { type: 'dm', message: 'deux' },
    ] as unknown as Parameters<typeof stepIdempotencyKey>[1];
    const key = stepIdempotencyKey(dedupeKey, actions, 1);
    await both(key, [
      { claim: () => claimOf({ idempotencyKey: key, dedupeKey }) },
      { settle: sent(later(1), 'm_second') },
    ]);
  });

  it("a member's reply from the inbox: its own key, the message it answers, its author", async () => {
    const dedupeKey = dedupeOf('message');
    const key = `human#${leadIdOf(WORKSPACE, 'instagram', 'igsid-h')}#client-key-42`;
    await both(key, [
      {
        claim: () =>
          claimOf({
            idempotencyKey: key,
            dedupeKey,
            action: 'reply',
            scenarioId: null,
            author: 'human',
            authorUserId: MEMBER,
            dm: false,
          }),
      },
      { settle: sent(later(3), 'm_human') },
    ]);
  });

  it("a follow-up's nudge, days after the message", async () => {
    const dedupeKey = `${dedupeOf('message')}#${followUpKeySuffix(SCENARIO, 0)}`;
    const key = idempotencyKeyOf(dedupeKey, 'dm');
    await both(key, [
      {
        claim: () =>
          claimOf({
            idempotencyKey: key,
            dedupeKey,
            createdAt: later(86_400),
            startedAt: later(86_400),
            updatedAt: later(86_400),
            dm: false,
          }),
      },
      { settle: sent(later(86_401), 'm_followup', '2026-12-05') },
    ]);
  });

  it("LinkedIn: queued for the browser worker, then the worker's report (sent, or failed)", async () => {
    for (const report of ['sent', 'failed'] as const) {
      const dedupeKey = `linkedin:message:urn-${++sequence}`;
      const key = idempotencyKeyOf(dedupeKey, 'dm');
      const record = await both(key, [
        { claim: () => claimOf({ idempotencyKey: key, dedupeKey, platform: 'linkedin' }) },
        {
          settle: (current) => ({
            status: 'queued',
            attempt: entry(current.attempt, later(1), 'queued', { providerMessageId: 'job-7' }),
            providerMessageId: 'job-7',
            quotaDay: '2026-12-04',
          }),
        },
        report === 'sent'
          ? { settle: sent(later(60), 'urn:li:message:9'), from: 'queued' as const }
          : { settle: failedAs('failed', 'failed', later(60), { quotaDay: null }), from: 'queued' as const },
      ]);
      // A failed report keeps the queued job's id (the record's id is its latest).
      expect(record.providerMessageId).toBe(report === 'sent' ? 'urn:li:message:9' : 'job-7');
    }
  });

  it('retried twice then left mid-call: several attempts, uncertain', async () => {
    const dedupeKey = dedupeOf('message');
    const key = idempotencyKeyOf(dedupeKey, 'dm');
    const record = await both(key, [
      { claim: () => claimOf({ idempotencyKey: key, dedupeKey }) },
      { settle: failedAs('retry_wait', 'retry', later(1), { quotaDay: '2026-12-04' }) },
      { claim: (current) => reclaim(current!, later(30)) },
      { settle: failedAs('retry_wait', 'retry', later(31), { quotaDay: '2026-12-04' }) },
      { claim: (current) => reclaim(current!, later(90)) },
      { uncertain: later(900) },
    ]);
    expect(record.attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'uncertain']);
  });

  it('refused: quota blocked, account blocked, failed for good', async () => {
    const dedupeKey = dedupeOf('message');
    const key = idempotencyKeyOf(dedupeKey, 'dm');
    await both(key, [
      { claim: () => claimOf({ idempotencyKey: key, dedupeKey }) },
      { settle: failedAs('quota_blocked', 'quota_blocked', later(1)) },
      { claim: (current) => reclaim(current!, later(3600)) },
      { settle: failedAs('account_blocked', 'failed', later(3601), { quotaDay: null }) },
      { claim: (current) => reclaim(current!, later(7200)) },
      { settle: failedAs('failed', 'failed', later(7201), { quotaDay: null }) },
    ]);
  });

  it('a record without the delivery-log context (older claims): stored whole, read as given', async () => {
    const dedupeKey = dedupeOf('message');
    const key = idempotencyKeyOf(dedupeKey, 'private_reply');
    await both(key, [
      {
        claim: () => {
          const {
            createdAt,
            leadId,
            accountId,
            platform,
            scenarioId,
            author,
            authorUserId,
            mediaId,
            variantId,
            funnelDay,
            dm,
            ...older
          } = claimOf({ idempotencyKey: key, dedupeKey, action: 'private_reply' });
          return older;
        },
      },
      { uncertain: later(600) },
    ]);
  });

  it('an older item settled by the store reads as the older store would have left it', async () => {
    const dedupeKey = dedupeOf('message');
    const key = idempotencyKeyOf(dedupeKey, 'dm');
    const record = claimOf({ idempotencyKey: key, dedupeKey, quotaDay: '2026-12-04' });
    await whole().claim(record);
    const change = sent(later(1), 'm_older', '2026-12-04')(record);
    expect(await new DynamoSendRecordStore(wholeTable).settle(WORKSPACE, key, 1, change)).toBe(true);
    expect(await new DynamoSendRecordStore(wholeTable).get(WORKSPACE, key)).toStrictEqual({
      ...record,
      status: 'sent',
      attempts: [change.attempt],
      explanation: 'sent',
      providerMessageId: 'm_older',
      updatedAt: later(1),
    });
  });

  it('every reader of the item gets the same: delivery log, lead, thread, export, and after an erasure', async () => {
    const platformUserId = 'igsid-readers';
    const leadId = leadIdOf(WORKSPACE, 'instagram', platformUserId);
    for (const [i, action] of (['private_reply', 'reply'] as const).entries()) {
      const dedupeKey = `instagram:comment:mid-readers-${i}`;
      const key = idempotencyKeyOf(dedupeKey, action);
      await both(key, [
        { claim: () => claimOf({ idempotencyKey: key, dedupeKey, action, leadId, createdAt: later(i) }) },
        { settle: i === 0 ? sent(later(5), 'm_readers') : failedAs('failed', 'failed', later(5)) },
      ]);
    }
    const on = (table: DynamoTable) => ({
      log: new DynamoDeliveryStore(table).list(WORKSPACE, { limit: 100 }),
      lead: new DynamoDeliveryStore(table).ofLead(WORKSPACE, leadId, 10),
      thread: new DynamoConversationStore(table).thread(WORKSPACE, leadId, 10, undefined, '0'),
      export: new DynamoContactDataStore(table).collect(WORKSPACE, leadId, '0'),
    });
    const read = async (table: DynamoTable) => {
      const reads = on(table);
      const collected = await reads.export;
      return {
        log: (await reads.log).items.filter((record) => record.leadId === leadId),
        lead: await reads.lead,
        thread: (await reads.thread).messages,
        deliveries: collected.deliveries,
        messages: collected.messages,
      };
    };
    const slimReads = await read(slimTable);
    expect(slimReads.lead).toHaveLength(2);
    expect(slimReads.deliveries[0]).toMatchObject({ type: 'sendRecord', workspaceId: WORKSPACE, leadId });
    expect(slimReads).toStrictEqual(await read(wholeTable));

    // The erasure keeps each record (its key is the exactly-once guard) without the person: same on both.
    for (const table of [slimTable, wholeTable])
      expect(await new DynamoContactDataStore(table).anonymiseDeliveries(WORKSPACE, leadId)).toBe(2);
    for (const [i, action] of (['private_reply', 'reply'] as const).entries()) {
      const key = idempotencyKeyOf(`instagram:comment:mid-readers-${i}`, action);
      const expected = await whole().read(WORKSPACE, key);
      expect(expected).toMatchObject({ anonymised: true, text: '' });
      expect(await slim().get(WORKSPACE, key)).toStrictEqual(expected);
    }
    const erased = async (table: DynamoTable) =>
      (await new DynamoDeliveryStore(table).list(WORKSPACE, { limit: 100 })).items.filter(
        (record) => (record as { anonymised?: boolean }).anonymised === true,
      );
    expect(await erased(slimTable)).toHaveLength(2);
    expect(await erased(slimTable)).toStrictEqual(await erased(wholeTable));
  });

  it("a lead's deliveries are its thread's send records: the person's messages between them are skipped, the newest `limit` come back across pages", async () => {
    // Prepare: a thread of 12 sends, each after 3 of the person's messages, from the store (slim) table.
    const platformUserId = 'igsid-thread-deliveries';
    const leadId = leadIdOf(WORKSPACE, 'instagram', platformUserId);
    const sendKeys: string[] = [];
    for (let i = 0; i < 12; i++) {
      for (let m = 0; m < 3; m++) {
        const at = later(100 + i * 10 + m);
        await slimTable.client.send(
          new PutCommand({
            TableName: slimTable.tableName,
            Item: {
              ...keys.interaction(WORKSPACE, leadId, at, `instagram:message:mid-thread-${i}-${m}`),
              ...keys.threadEntry(WORKSPACE, leadId, at, `instagram:message:mid-thread-${i}-${m}`),
              type: 'interaction',
              text: 'combien ?',
            },
          }),
        );
      }
      const dedupeKey = `instagram:message:mid-thread-${i}-2`;
      const key = idempotencyKeyOf(dedupeKey, 'reply');
      sendKeys.push(key);
      await slim().claim(
        claimOf({ idempotencyKey: key, dedupeKey, action: 'reply', leadId, createdAt: later(105 + i * 10) }),
        undefined,
      );
    }

    // Act: 5 at most (a page of 5 thread entries holds one or two sends), then all of them.
    const store = new DynamoDeliveryStore(slimTable);
    const five = await store.ofLead(WORKSPACE, leadId, 5);
    const all = await store.ofLead(WORKSPACE, leadId, 50);

    // Assess: newest first, sends only; the claim wrote no gsi2 entry (that view was the thread's own keys).
    expect(five.map((record) => record.idempotencyKey)).toStrictEqual(sendKeys.toReversed().slice(0, 5));
    expect(all.map((record) => record.idempotencyKey)).toStrictEqual(sendKeys.toReversed());
    const { Item } = await slimTable.client.send(
      new GetCommand({ TableName: slimTable.tableName, Key: keys.sendRecord(WORKSPACE, sendKeys[0]!) }),
    );
    expect(Item).toMatchObject({ gsi3pk: keys.threadOf(WORKSPACE, leadId) });
    expect(Item).not.toHaveProperty('gsi2pk');
  });

  it("reads at most ENTRIES_PER_DELIVERY thread entries a delivery: a long run of the person's messages is not read to its start", async () => {
    // Prepare: one send, then 30 of the person's messages with no reply.
    const leadId = leadIdOf(WORKSPACE, 'instagram', 'igsid-long-run');
    const dedupeKey = 'instagram:message:mid-long-run-0';
    const key = idempotencyKeyOf(dedupeKey, 'reply');
    await slim().claim(
      claimOf({ idempotencyKey: key, dedupeKey, action: 'reply', leadId, createdAt: later(1000) }),
      undefined,
    );
    for (let m = 1; m <= 30; m++) {
      const at = later(1000 + m);
      await slimTable.client.send(
        new PutCommand({
          TableName: slimTable.tableName,
          Item: {
            ...keys.interaction(WORKSPACE, leadId, at, `instagram:message:mid-long-run-${m}`),
            ...keys.threadEntry(WORKSPACE, leadId, at, `instagram:message:mid-long-run-${m}`),
            type: 'interaction',
            text: 'allô ?',
          },
        }),
      );
    }

    // Act: one delivery asked for reads 10 entries, four read 40.
    const store = new DynamoDeliveryStore(slimTable);
    const one = await store.ofLead(WORKSPACE, leadId, 1);
    const four = await store.ofLead(WORKSPACE, leadId, 4);

    // Assess
    expect(ENTRIES_PER_DELIVERY).toBe(10);
    expect(one).toStrictEqual([]);
    expect(four.map((record) => record.idempotencyKey)).toStrictEqual([key]);
  });

  it('keeps the common send (a short template DM, sent) within one write unit', async () => {
    const dedupeKey = 'instagram:message:mid-bench-0';
    const key = idempotencyKeyOf(dedupeKey, 'reply');
    await both(key, [
      { claim: () => claimOf({ idempotencyKey: key, dedupeKey, action: 'reply', quotaDay: '2026-12-04' }) },
      { settle: sent(later(1), 'm_Q2hpY2tlbkJyb3RoMQ', '2026-12-04') },
    ]);
    const bytes = async (table: DynamoTable) => {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: keys.sendRecord(WORKSPACE, key) }),
      );
      return itemSize(marshall(Item!));
    };
    const [slimBytes, wholeBytes] = [await bytes(slimTable), await bytes(wholeTable)];
    expect(slimBytes).toBeLessThanOrEqual(1024);
    expect(wholeBytes).toBeGreaterThan(1024);
  });
});
