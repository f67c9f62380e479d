import { createRequire } from 'node:module';
import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoContactDataStore } from '../../shared/adapters/dynamo/contact-data-store';
import { DynamoInteractionStore } from '../../shared/adapters/dynamo/interaction-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { decodeFlush } from '../../shared/adapters/dynamo/trace-flush';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { traceExpiresAt } from '../../shared/domain/retention/retention';
import { parseIncomingMessage } from '../../shared/services/engine/incoming-message-parser';
import type { TraceEntry } from '../../shared/services/engine/ports';
import { tableOnDynalite } from '../support/dynamo-table';
import { incoming } from '../support/engine';

/** DynamoDB's item size (names plus values), as dynalite sizes it for its consumed capacity. */
const itemSize = createRequire(import.meta.url)('dynalite/db').itemSize as (
  item: Record<string, AttributeValue>,
) => number;

/**
 * The trace's attempts are stored compressed, one binary attribute per write of the trace (trace-flush.ts): each
 * test here fails if that loses or repeats an attempt, if an earlier layout stops reading, if the erasure of a
 * lead leaves trace data behind, or if the item of a whole DM outgrows one write unit.
 */
const T0 = Date.parse('2030-01-10T10:00:00.000Z');
const NOW = () => new Date(T0 + 60_000);
const MARKER_TTL = Math.floor(Date.parse('2031-01-10T10:00:00.000Z') / 1000);
const at = (ms: number) => new Date(T0 + ms).toISOString();

const table = tableOnDynalite('trace-flush-test');

let counter = 0;
function setup() {
  counter += 1;
  // A workspace id and correlation id as long as the real ones (UUIDs): the size test depends on them.
  const workspaceId = `0b0e2a4c-5d6f-4a1b-9c8d-7e6f5a4b3c${String(counter).padStart(2, '0')}`;
  const message = parseIncomingMessage(incoming({ id: 'acc-1', workspaceId }, { occurredAt: at(0) }));
  const traces = new DynamoTraceStore(table, NOW);
  const interactions = new DynamoInteractionStore(table, { expiresAt: async () => MARKER_TTL });
  const entry = (step: string, ms: number, fields: Partial<TraceEntry> = {}): TraceEntry => ({
    workspaceId,
    dedupeKey: message.dedupeKey,
    correlationId: '45d4263a-bf7a-4f4b-b8f5-87ce4caff57c',
    step,
    attemptId: `${step.slice(0, 4)}${ms}`.padEnd(12, '0'),
    at: at(ms),
    durationMs: 5,
    message: {
      platform: 'instagram',
      kind: 'dm',
      source: 'webhook',
      actionable: true,
      textPreview: 'Bonjour, quel est le prix ? (1)',
    },
    input: {},
    decision: null,
    reason: null,
    error: null,
    ...fields,
  });
  const key = keys.interactionDedupe(workspaceId, message.dedupeKey);
  const item = async () =>
    (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
      .Item;
  return { workspaceId, message, traces, interactions, entry, item, key };
}

/** The 9 steps of a DM as the bench's workflow traces them (decisions, reasons and inputs as recorded there). */
function dm(entry: ReturnType<typeof setup>['entry']): TraceEntry[] {
  const plan = { plan: 'ultra 0/∞' };
  const decided = { ...plan, scenario: 'Every DM', decision: 'reply' };
  return [
    entry('LogInteraction', 0, {
      durationMs: 138,
      decision: 'logged',
      reason: 'lead score 45, 1 interaction(s)',
    }),
    entry('CheckPlan', 139, {
      durationMs: 15,
      decision: 'ultra',
      reason: '0/unlimited DMs today; account active',
    }),
    entry('MatchScenario', 155, {
      durationMs: 15,
      input: plan,
      decision: 'reply',
      reason: 'scenario "Every DM"',
    }),
    entry('Decide', 171, {
      input: { ...plan, scenario: 'Every DM' },
      decision: 'reply',
      reason: 'scenario "Every DM" matches every message',
    }),
    entry('GenerateReply', 181, {
      durationMs: 0,
      input: decided,
      decision: 'template',
      reason: '48 characters',
    }),
    entry('Send', 182, { durationMs: 45, input: decided, decision: 'reply:sent', reason: 'sent' }),
    entry('UpdateLead', 233, { durationMs: 150, input: { ...decided, send: 'sent' }, decision: 'contacted' }),
    entry('SyncCrm', 384, {
      durationMs: 1,
      input: { ...decided, send: 'sent' },
      decision: 'nothing_to_sync',
    }),
    entry('Complete', 386, { durationMs: 0, input: { ...decided, send: 'sent' }, decision: 'done' }),
  ];
}

describe('Feature: the trace stored compressed, one attribute per write', () => {
  it("keeps a DM's whole trace (9 steps, the done marker) within one write unit, and reads it all back", async () => {
    // Prepare
    const { workspaceId, message, traces, interactions, entry, key } = setup();
    const entries = dm(entry);

    // Act
    await traces.record(entries, await interactions.doneMarker(message, at(386)));

    // Assess: ≤ 1 KB, so 1 write unit for the table and 1 for gsi1 (it was ~2.7 KB: 3 + 3)
    const { Item: stored } = await table.client.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        ConsistentRead: true,
      }),
    );
    expect(itemSize(stored ?? {})).toBeLessThanOrEqual(1024);
    const steps = await traces.read(workspaceId, message.dedupeKey);
    expect(steps.map((s) => s.step)).toEqual(entries.map((e) => e.step));
    for (const [i, step] of steps.entries()) {
      const e = entries[i] as TraceEntry;
      expect(step).toEqual({
        step: e.step,
        dedupeKey: message.dedupeKey,
        correlationId: e.correlationId,
        firstAt: e.at,
        lastAt: e.at,
        durationMs: e.durationMs,
        input: { ...e.message, ...e.input },
        decision: e.decision,
        reason: e.reason,
        error: null,
        attemptCount: 1,
        attempts: [
          {
            at: e.at,
            durationMs: e.durationMs,
            correlationId: e.correlationId,
            decision: e.decision,
            reason: e.reason,
            error: null,
          },
        ],
      });
    }
    // The console's list (gsi1) finds the interaction by the dedupeKey the item no longer repeats beside its key
    const recent = await traces.recent(workspaceId);
    expect(recent.map((s) => [s.step, s.dedupeKey])).toEqual(entries.map((e) => [e.step, message.dedupeKey]));
  });

  it("keeps every attempt once across a failed step's writes and the execution's last one", async () => {
    // Prepare: Send fails twice (each failure writes the trace so far), then the execution ends
    const { workspaceId, message, traces, interactions, entry, item } = setup();
    const [log, plan, , , , send, ...rest] = dm(entry) as [TraceEntry, TraceEntry, ...TraceEntry[]];
    const timeout = { name: 'TimeoutError', message: 'Graph did not answer' };
    const failed1 = entry('Send', 190, { error: timeout });
    const failed2 = entry('Send', 2_190, { error: timeout });
    const sent = {
      ...(send as TraceEntry),
      ...entry('Send', 4_190, { decision: 'reply:sent', reason: 'sent' }),
    };

    // Act
    const retries = [
      await traces.record([log, plan, failed1]),
      await traces.record([log, plan, failed2]),
      await traces.record([log, plan, sent, ...rest], await interactions.doneMarker(message, at(386))),
    ];

    // Assess: each write its own attribute; the retry count of the step that wrote; each attempt read once
    expect(retries).toEqual([0, 1, 0]);
    expect(Object.keys((await item()) ?? {}).filter((name) => name.startsWith('flush_'))).toHaveLength(3);
    const steps = await traces.read(workspaceId, message.dedupeKey);
    expect(steps.map((s) => [s.step, s.attemptCount])).toEqual([
      ['LogInteraction', 1],
      ['CheckPlan', 1],
      ['Send', 3],
      ['UpdateLead', 1],
      ['SyncCrm', 1],
      ['Complete', 1],
    ]);
    const send3 = steps.find((s) => s.step === 'Send');
    expect(send3?.attempts.map((a) => a.error)).toEqual([timeout, timeout, null]);
    expect(send3).toMatchObject({ decision: 'reply:sent', error: null, firstAt: at(190), lastAt: at(4_190) });
  });

  it('changes nothing when the same write is made again', async () => {
    // Prepare
    const { workspaceId, message, traces, interactions, entry, item } = setup();
    const entries = dm(entry);
    const done = await interactions.doneMarker(message, at(386));
    await traces.record(entries, done);
    const before = await item();
    const stepsBefore = await traces.read(workspaceId, message.dedupeKey);

    // Act
    const retry = await traces.record(structuredClone(entries), done);

    // Assess
    expect(retry).toBe(0);
    expect(await item()).toEqual(before);
    expect(await traces.read(workspaceId, message.dedupeKey)).toEqual(stepsBefore);
  });

  it('redacts the secrets of an attempt before compressing it', async () => {
    // Prepare
    const { workspaceId, message, traces, entry, item } = setup();

    // Act
    await traces.record([entry('Send', 0, { input: { accessToken: 'EAAB-not-for-traces' } })]);

    // Assess: neither the stored bytes nor the read show it
    const stored = await item();
    const flushes = Object.entries(stored ?? {}).filter(([name]) => name.startsWith('flush_'));
    expect(JSON.stringify(flushes.flatMap(([, value]) => decodeFlush(value as Uint8Array)))).not.toContain(
      'EAAB-not-for-traces',
    );
    const [send] = await traces.read(workspaceId, message.dedupeKey);
    expect(send?.input.accessToken).not.toBe('EAAB-not-for-traces');
  });

  it('reads every earlier layout beside the compressed one, each attempt once', async () => {
    // Prepare: on the DEDUPE item, what the previous code wrote (an `attempt_*` map per attempt, and an older
    // `step_*` beside its attempt); under TRACE#, one item per interaction and one per step (the oldest)
    const { workspaceId, message, traces, entry, key } = setup();
    const dedupeKey = message.dedupeKey;
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...key,
          type: 'interactionDedupe',
          dedupeKey,
          correlationId: 'corr-old',
          traceTtl: traceExpiresAt(at(0)),
          ttl: traceExpiresAt(at(0)),
          message: { platform: 'instagram', textPreview: 'old' },
          attempt_LogInteraction_LogI00000000: {
            at: at(0),
            durationMs: 138,
            correlationId: 'corr-old',
            input: {},
            decision: 'logged',
          },
          step_CheckPlan: {
            durationMs: 7,
            input: { textPreview: 'older' },
            decision: 'free',
            reason: 'r',
            error: null,
          },
          attempt_CheckPlan_0000old: {
            at: at(139),
            durationMs: 7,
            decision: 'free',
            correlationId: 'corr-old',
          },
        },
      }),
    );
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.traceOf(workspaceId, dedupeKey),
          type: 'trace',
          dedupeKey,
          correlationId: 'corr-old',
          ttl: traceExpiresAt(at(0)),
          message: { platform: 'instagram' },
          attempt_MatchScenario_m1: { at: at(155), durationMs: 1, input: {}, decision: 'reply' },
        },
      }),
    );
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: keys.ws(workspaceId),
          sk: `${keys.tracePrefix(dedupeKey)}Decide`,
          type: 'trace',
          step: 'Decide',
          dedupeKey,
          correlationId: 'corr-old',
          firstAt: at(171),
          lastAt: at(171),
          durationMs: 2,
          input: { platform: 'instagram' },
          decision: 'reply',
          reason: null,
          error: null,
          attemptCount: 1,
          attempts: [{ at: at(171), durationMs: 2, decision: 'reply', reason: null, error: null }],
          ttl: traceExpiresAt(at(171)),
        },
      }),
    );

    // Act: the new code's write carries LogInteraction's attempt again (same attemptId) and adds Send
    const [log] = dm(entry);
    await traces.record([log as TraceEntry, entry('Send', 182, { decision: 'reply:sent' })]);

    // Assess: every layout's steps, LogInteraction once
    const steps = await traces.read(workspaceId, dedupeKey);
    expect(steps.map((s) => [s.step, s.attemptCount, s.decision])).toEqual([
      ['LogInteraction', 1, 'logged'],
      ['CheckPlan', 1, 'free'],
      ['MatchScenario', 1, 'reply'],
      ['Decide', 1, 'reply'],
      ['Send', 1, 'reply:sent'],
    ]);
    expect(steps.find((s) => s.step === 'CheckPlan')?.input).toEqual({ textPreview: 'older' });
    expect(steps.every((s) => s.dedupeKey === dedupeKey)).toBe(true);
  });

  it("the lead's erasure leaves the bare marker: no flush, no attempt, nothing of the trace", async () => {
    // Prepare: two writes of the trace (a failed step, then Complete)
    const { workspaceId, message, traces, interactions, entry, item } = setup();
    const leadId = leadIdOf(workspaceId, message.platform, message.author.platformUserId);
    expect(await interactions.putInteraction(message, leadId, at(0))).toBe(true);
    const entries = dm(entry);
    await traces.record([...entries.slice(0, 5), entry('Send', 1, { error: { name: 'E', message: 'm' } })]);
    await traces.record(entries, await interactions.doneMarker(message, at(386)));

    // Act
    await new DynamoContactDataStore(table).eraseInteractions(workspaceId, leadId);

    // Assess: the attributes of the marker alone
    expect(Object.keys((await item()) ?? {}).sort()).toEqual(['doneAt', 'pk', 'sk', 'state', 'ttl', 'type']);
    expect(await traces.read(workspaceId, message.dedupeKey)).toEqual([]);
    expect(await traces.recent(workspaceId)).toEqual([]);
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
  });
});
