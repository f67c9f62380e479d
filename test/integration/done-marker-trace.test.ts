import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoContactDataStore } from '../../shared/adapters/dynamo/contact-data-store';
import { DynamoInteractionStore } from '../../shared/adapters/dynamo/interaction-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { DynamoTraceStore, isTraceAttribute } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { traceExpiresAt } from '../../shared/domain/retention/retention';
import { parseIncomingMessage } from '../../shared/services/engine/incoming-message-parser';
import type { DoneMarker, TraceEntry } from '../../shared/services/engine/ports';
import { tableOnDynalite } from '../support/dynamo-table';
import { incoming } from '../support/engine';

/**
 * Complete writes the DEDUPE marker and the execution's trace in one UpdateItem, on the DEDUPE item: each test
 * here fails if that one write loses a guarantee of the two it replaced (the message done, redeliveries stopped,
 * the marker's retention, the trace's 30 days, the erasure, the previous layout's items, the workspace's bounds).
 */
// A fixed day far from the real clock, and a store clock pinned to it.
const T0 = '2030-01-10T10:00:00.000Z';
const NOW = () => new Date('2030-01-10T10:01:00.000Z');
const DAY_S = 86_400;
/** The workspace retention of these tests' markers: 12 months after T0. */
const MARKER_TTL = Math.floor(Date.parse('2031-01-10T10:00:00.000Z') / 1000);

const table = tableOnDynalite('done-marker-test');

let counter = 0;
function setup(markerTtl = MARKER_TTL) {
  counter += 1;
  const workspaceId = `ws-done-${counter}`;
  const message = parseIncomingMessage(incoming({ id: 'acc-1', workspaceId }, { occurredAt: T0 }));
  const interactions = new DynamoInteractionStore(table, { expiresAt: async () => markerTtl });
  const traces = new DynamoTraceStore(table, NOW);
  const entry = (step: string, at: string, decision: string | null = null): TraceEntry => ({
    workspaceId,
    dedupeKey: message.dedupeKey,
    correlationId: message.correlationId,
    step,
    attemptId: `${step}-${at}`,
    at,
    durationMs: 2,
    message: { platform: 'instagram', textPreview: 'Bonjour' },
    input: {},
    decision,
    reason: null,
    error: null,
  });
  const item = async () =>
    (
      await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: keys.interactionDedupe(workspaceId, message.dedupeKey),
          ConsistentRead: true,
        }),
      )
    ).Item;
  return { workspaceId, message, interactions, traces, entry, item };
}

describe('Feature: the done marker written with the trace (one write at Complete)', () => {
  it('marks the message done and keeps its trace in the one item, each with its own expiry', async () => {
    // Prepare
    const { workspaceId, message, interactions, traces, entry, item } = setup();
    const done: DoneMarker = await interactions.doneMarker(message, '2030-01-10T10:00:01.000Z');

    // Act
    await traces.record(
      [entry('LogInteraction', T0, 'logged'), entry('Complete', '2030-01-10T10:00:01.000Z', 'done')],
      done,
    );

    // Assess: a redelivery stops; the trace reads; the item lives the marker's retention, the trace 30 days
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
    expect((await traces.read(workspaceId, message.dedupeKey)).map((s) => s.step)).toEqual([
      'LogInteraction',
      'Complete',
    ]);
    const stored = await item();
    expect(stored).toMatchObject({ type: 'interactionDedupe', state: 'done', ttl: MARKER_TTL });
    expect(stored?.traceTtl).toBe(traceExpiresAt('2030-01-10T10:00:01.000Z'));
  });

  it('a trace written after the marker (a replay that stops at LogInteraction) keeps the message done and its TTL', async () => {
    // Prepare
    const { workspaceId, message, interactions, traces, entry, item } = setup();
    await traces.record([entry('Complete', T0, 'done')], await interactions.doneMarker(message, T0));

    // Act: the redelivery, 20 days later, writes its LogInteraction attempt alone
    await traces.record([entry('LogInteraction', '2030-01-30T10:00:00.000Z', 'already_processed')]);

    // Assess: still done, and the marker is not shortened to the trace's 30 days
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
    expect((await item())?.ttl).toBe(MARKER_TTL);
    expect((await item())?.doneAt).toBe(T0);
  });

  it('a trace written before the marker (a failed or parked step) is not done; the marker then brings its TTL', async () => {
    // Prepare
    const { workspaceId, message, interactions, traces, entry, item } = setup();

    // Act
    await traces.record([entry('Send', T0)]);
    const before = await interactions.dedupeState(workspaceId, message.dedupeKey);
    const ttlBefore = (await item())?.ttl;
    await traces.record([entry('Complete', '2030-01-10T10:00:05.000Z', 'done')], {
      at: '2030-01-10T10:00:05.000Z',
      expiresAt: MARKER_TTL,
    });

    // Assess: nothing skipped the redelivery before Complete; after it, the marker's retention
    expect(before).toBeUndefined();
    expect(ttlBefore).toBe(traceExpiresAt(T0));
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
    expect((await item())?.ttl).toBe(MARKER_TTL);
    expect((await traces.read(workspaceId, message.dedupeKey)).map((s) => s.step)).toEqual([
      'Send',
      'Complete',
    ]);
  });

  it('a marker whose retention is shorter than the trace lives until the trace expires (the later of the two)', async () => {
    // Prepare: a retention of 28 days (one month from a 1 February)
    const short = Math.floor(Date.parse(T0) / 1000) + 28 * DAY_S;
    const { message, interactions, traces, entry, item } = setup(short);

    // Act
    await traces.record([entry('Complete', T0, 'done')], await interactions.doneMarker(message, T0));

    // Assess
    expect((await item())?.ttl).toBe(traceExpiresAt(T0));
  });

  it('reads the trace by its own 30 days, though the item (the marker) lives 12 months', async () => {
    // Prepare
    const { workspaceId, message, interactions, traces, entry } = setup();
    await traces.record([entry('Complete', T0, 'done')], await interactions.doneMarker(message, T0));
    const later = new DynamoTraceStore(table, () => new Date(Date.parse(T0) + 31 * DAY_S * 1000));

    // Act
    const steps = await later.read(workspaceId, message.dedupeKey);
    const recent = await later.recent(workspaceId);

    // Assess: the trace is gone from every read; the marker still stops a redelivery
    expect(steps).toEqual([]);
    expect(recent).toEqual([]);
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
  });

  it('reads the items of the previous layout: a marker written alone, and its trace under TRACE#', async () => {
    // Prepare: what the previous deployment wrote at Complete (two items)
    const { workspaceId, message, interactions, traces, entry } = setup();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.interactionDedupe(workspaceId, message.dedupeKey),
          type: 'interactionDedupe',
          state: 'done',
          doneAt: T0,
          ttl: MARKER_TTL,
        },
      }),
    );
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.traceOf(workspaceId, message.dedupeKey),
          type: 'trace',
          dedupeKey: message.dedupeKey,
          correlationId: message.correlationId,
          ttl: traceExpiresAt(T0),
          message: { platform: 'instagram' },
          attempt_LogInteraction_a1: { at: T0, durationMs: 1, input: {}, decision: 'logged' },
          attempt_Complete_a2: { at: '2030-01-10T10:00:01.000Z', durationMs: 1, input: {}, decision: 'done' },
        },
      }),
    );

    // Act: a redelivery's trace attempt lands on the marker's item
    await traces.record([entry('LogInteraction', '2030-01-10T10:00:30.000Z', 'already_processed')]);

    // Assess: still done; both items read as one interaction's steps
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
    const steps = await traces.read(workspaceId, message.dedupeKey);
    expect(steps.map((s) => [s.step, s.attemptCount])).toEqual([
      ['LogInteraction', 2],
      ['Complete', 1],
    ]);
    expect(steps[0]?.decision).toBe('already_processed');
  });

  it("is the workspace's own: another workspace's same message is neither done nor traced", async () => {
    // Prepare
    const { workspaceId, message, interactions, traces, entry } = setup();
    await traces.record([entry('Complete', T0, 'done')], await interactions.doneMarker(message, T0));

    // Act
    const other = `${workspaceId}-other`;

    // Assess
    expect(await interactions.dedupeState(other, message.dedupeKey)).toBeUndefined();
    expect(await traces.read(other, message.dedupeKey)).toEqual([]);
    expect(await traces.recent(other)).toEqual([]);
  });

  it("the lead's erasure removes the trace from the item and keeps the bare marker (a redelivery still stops)", async () => {
    // Prepare: the interaction logged, the workflow done
    const { workspaceId, message, interactions, traces, entry, item } = setup();
    const leadId = leadIdOf(workspaceId, message.platform, message.author.platformUserId);
    expect(await interactions.putInteraction(message, leadId, T0)).toBe(true);
    await traces.record([entry('Complete', T0, 'done')], await interactions.doneMarker(message, T0));

    // Act
    await new DynamoContactDataStore(table).eraseInteractions(workspaceId, leadId);

    // Assess
    const left = await item();
    expect(left).toMatchObject({ state: 'done', ttl: MARKER_TTL });
    expect(Object.keys(left ?? {}).filter(isTraceAttribute)).toEqual([]);
    expect(JSON.stringify(left)).not.toContain('Bonjour');
    expect(await traces.read(workspaceId, message.dedupeKey)).toEqual([]);
    expect(await traces.recent(workspaceId)).toEqual([]);
    expect(await interactions.dedupeState(workspaceId, message.dedupeKey)).toBe('done');
  });
});
