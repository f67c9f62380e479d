import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isExpired, traceExpiresAt } from '../../domain/retention/retention';
import { redact } from '../../observability/redact';
import type { DoneMarker, TraceEntry, TraceStore } from '../../services/engine/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { queryAll } from './queries';
import { TTL_ATTRIBUTE } from './table';
import { decodeFlush, encodeFlush, type FlushedAttempt } from './trace-flush';

/**
 * Attribute names of the one item per interaction: `flush_<attemptId>` per write of the trace (the attempts it
 * wrote, compressed: see trace-flush.ts), named after the attempt that wrote it. Items written before hold
 * `attempt_<Step>_<attemptId>` per attempt, and before that also `step_<Step>` (that step's latest attempt,
 * input included); all are still read.
 */
const STEP_PREFIX = 'step_';
const ATTEMPT_PREFIX = 'attempt_';
const FLUSH_PREFIX = 'flush_';
const DEDUPE_SK_PREFIX = keys.interactionDedupe('', '').sk;
const flushAttribute = (attemptId: string) => `${FLUSH_PREFIX}${attemptId}`;
/** The trace's own expiry on the item it shares with the DEDUPE marker, whose `ttl` may be later (see below). */
export const TRACE_TTL_ATTRIBUTE = 'traceTtl';

/**
 * Every attribute the trace puts on the interaction's DEDUPE item (the erasure of a lead removes them and keeps
 * the bare marker): the fixed ones, this layout's flushes and the earlier layouts' attempts.
 */
export const isTraceAttribute = (name: string) =>
  ['message', 'dedupeKey', 'correlationId', 'gsi1pk', 'gsi1sk', TRACE_TTL_ATTRIBUTE].includes(name) ||
  name.startsWith(FLUSH_PREFIX) ||
  name.startsWith(ATTEMPT_PREFIX) ||
  name.startsWith(STEP_PREFIX);

/** When a stored trace expires: its own TTL where it shares the DEDUPE item, else the item's (older items). */
const traceExpiry = (item: Record<string, unknown>) => item[TRACE_TTL_ATTRIBUTE] ?? item.ttl;

/**
 * One item per interaction. The message's summary is stored once (`message`), and each call's attempts (what each
 * did: when, how long, decision, reason, error, correlation id, and what the earlier steps had decided: `input`)
 * as one compressed binary attribute, `flush_<attemptId>`, named after the call's last attempt (the one that
 * writes: see trace-flush.ts). The attempts repeat one another's `input`, so they compress to about a fifth: the
 * item of a DM through 9 steps, done marker included, is ~0.9 KB, 1 write unit and 1 for gsi1 (it was ~2.7 KB,
 * 3 and 3, with an `attempt_<Step>_<attemptId>` map per attempt, and 5 or 6 before that). A failed step's call
 * and the execution's last one each keep their own attribute; the attempts before the failure are in both, and
 * the readers take each attemptId once. The same call made again sets the same bytes. One UpdateItem per call,
 * whatever the number of entries. Calls are bounded by the workflow's retries times the queue's receive count.
 * The dedupeKey is the item's key and the correlation id each attempt's: neither is repeated on the item.
 *
 * The item is the interaction's DEDUPE item (keys.interactionDedupe), so Complete's write of the trace is also the
 * write of the done marker (`done`): one write where there were two. Their expiries differ, so the trace keeps its
 * own (`traceTtl`, 30 days), which every read of a trace filters on, and the item's `ttl` (what DynamoDB deletes
 * by) is the later of the two when the marker is written: the marker lives its workspace retention whatever the
 * trace's. A trace written without the marker (a failed step, a parked message, a replay that stops at
 * LogInteraction) never moves an existing `ttl`: a done marker is not shortened to the trace's 30 days. Traces
 * written before this layout sit under keys.traceOf and are still read (and erased) until they expire.
 */
export class DynamoTraceStore implements TraceStore {
  /** Reads leave out traces past their TTL (30 days, see domain/retention): dynalite never deletes them. */
  constructor(
    private readonly table: DynamoTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entries: TraceEntry[], done?: DoneMarker): Promise<number> {
    const last = entries.at(-1);
    if (!last) return 0;
    const traceTtl = traceExpiresAt(last.at);
    const names: Record<string, string> = {
      '#type': 'type',
      '#ttl': TTL_ATTRIBUTE,
      '#message': 'message',
      '#traceTtl': TRACE_TTL_ATTRIBUTE,
    };
    const values: Record<string, unknown> = {
      // The item is the DEDUPE marker's: it keeps the marker's type (the trace is what it carries besides).
      ':type': 'interactionDedupe',
      ':traceTtl': traceTtl,
      ':gsi1pk': keys.tracesOfWorkspace(last.workspaceId),
      ':gsi1sk': keys.traceByTime(last.workspaceId, last.at, last.dedupeKey).gsi1sk,
      ':message': redact(last.message),
    };
    const sets = [
      '#type = :type',
      '#traceTtl = :traceTtl',
      'gsi1pk = :gsi1pk',
      'gsi1sk = :gsi1sk',
      '#message = :message',
    ];
    if (done) {
      names['#state'] = 'state';
      values[':done'] = 'done';
      values[':doneAt'] = done.at;
      values[':ttl'] = Math.max(done.expiresAt, traceTtl);
      sets.push('#state = :done', 'doneAt = :doneAt', '#ttl = :ttl');
    } else sets.push('#ttl = if_not_exists(#ttl, :traceTtl)');
    // One attribute per flush, named after the attempt that flushes (its last entry): a failed step's flush and
    // the execution's last one each keep theirs, and the same flush written again sets the same bytes.
    const attempts = new Map<string, FlushedAttempt>();
    for (const entry of entries) {
      const safe = redact(entry);
      attempts.set(`${safe.step}_${safe.attemptId}`, {
        step: safe.step,
        attemptId: safe.attemptId,
        at: safe.at,
        durationMs: safe.durationMs,
        correlationId: safe.correlationId,
        input: safe.input,
        decision: safe.decision,
        reason: safe.reason,
        error: safe.error,
      });
    }
    names['#flush'] = flushAttribute(last.attemptId);
    values[':flush'] = encodeFlush([...attempts.values()]);
    sets.push('#flush = :flush');
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.interactionDedupe(last.workspaceId, last.dedupeKey),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const ownAttempts = attemptsOf(Attributes ?? {}).get(last.step)?.length ?? 0;
    return Math.max(0, ownAttempts - 1);
  }

  /**
   * Every step of one interaction, in the order they first ran (the developer console's trace view): from its
   * DEDUPE item, and from the items earlier layouts wrote under keys.traceOf; an execution that ran across the
   * change has attempts in both, read as one item.
   */
  async read(workspaceId: string, dedupeKey: string): Promise<StoredTraceStep[]> {
    const [older, { Item: current }] = await Promise.all([
      queryAll(this.table, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.tracePrefix(dedupeKey) },
        ConsistentRead: true,
      }),
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.interactionDedupe(workspaceId, dedupeKey),
          ConsistentRead: true,
        }),
      ),
    ]);
    const live = (item: Record<string, unknown> | undefined) =>
      item !== undefined && !isExpired(traceExpiry(item), this.now());
    const perInteraction = keys.traceOf(workspaceId, dedupeKey).sk;
    const shared = older.find((item) => item.sk === perInteraction && typeof item.step !== 'string');
    const items = older.filter((item) => item !== shared && live(item));
    const merged = { ...(live(shared) ? shared : {}), ...(live(current) ? current : {}) };
    if (Object.keys(merged).length > 0) items.push(merged);
    return items
      .flatMap(toSteps)
      .sort((a, b) => a.firstAt.localeCompare(b.firstAt) || a.lastAt.localeCompare(b.lastAt));
  }

  /** The steps of the workspace's latest traced interactions, newest interaction first. */
  async recent(workspaceId: string, limit = 50): Promise<StoredTraceStep[]> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.tracesOfWorkspace(workspaceId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).filter((item) => !isExpired(traceExpiry(item), this.now())).flatMap(toSteps);
  }
}

export interface StoredTraceStep {
  step: string;
  dedupeKey: string;
  correlationId: string;
  firstAt: string;
  lastAt: string;
  durationMs: number;
  input: Record<string, unknown>;
  decision: string | null;
  reason: string | null;
  error: { name: string; message: string } | null;
  /** Attempts so far; retryCount of the latest attempt is attemptCount - 1. */
  attemptCount: number;
  attempts: Array<{
    at: string;
    durationMs: number;
    decision: string | null;
    reason: string | null;
    error: unknown;
  }>;
}

type StoredAttempt = StoredTraceStep['attempts'][number] & {
  correlationId?: string;
  /** Set on attempts written with the message summary stored once on the item (see DynamoTraceStore). */
  input?: Record<string, unknown>;
};

/** The step an attempt attribute belongs to: `attempt_<Step>_<attemptId>` (step names have no underscore). */
const stepOfAttempt = (attribute: string) => attribute.slice(ATTEMPT_PREFIX.length).split('_')[0] ?? '';

/**
 * Every attempt an item holds, by step, each once: the `flush_*` attributes decoded (a failed step's flush and
 * the execution's last one both hold the attempts before the failure) and the `attempt_*` of the earlier layouts.
 */
function attemptsOf(item: Record<string, unknown>): Map<string, StoredAttempt[]> {
  const byStep = new Map<string, Map<string, StoredAttempt>>();
  const add = (step: string, attemptId: string, attempt: StoredAttempt | undefined) => {
    const list = byStep.get(step) ?? new Map<string, StoredAttempt>();
    if (attempt && !list.has(attemptId)) list.set(attemptId, attempt);
    byStep.set(step, list);
  };
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(FLUSH_PREFIX) && value instanceof Uint8Array)
      for (const { step, attemptId, decision, reason, error, ...attempt } of decodeFlush(value))
        add(step, attemptId, {
          ...attempt,
          ...(decision !== null ? { decision } : {}),
          ...(reason !== null ? { reason } : {}),
          ...(error !== null ? { error } : {}),
        } as StoredAttempt);
    else if (name.startsWith(ATTEMPT_PREFIX)) {
      const step = stepOfAttempt(name);
      add(step, name.slice(ATTEMPT_PREFIX.length + step.length + 1), value as StoredAttempt);
    } else if (name.startsWith(STEP_PREFIX)) add(name.slice(STEP_PREFIX.length), '', undefined);
  }
  return new Map([...byStep].map(([step, attempts]) => [step, [...attempts.values()]]));
}

/**
 * The steps an item holds, in all the layouts it may have been written in: one item per step (the oldest),
 * one item per interaction with `step_<Step>` beside its attempts, attempts alone with the message summary
 * once on the item, or (the current one) each flush's attempts compressed in one `flush_*` attribute; an item
 * updated across a change holds two of them side by side, read as one.
 */
function toSteps(item: Record<string, unknown>): StoredTraceStep[] {
  if (typeof item.step === 'string') {
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ttl: _ttl, ...step } = item;
    return [{ ...(step as unknown as StoredTraceStep), attemptCount: Number(item.attemptCount ?? 0) }];
  }
  const message = (item.message ?? {}) as Record<string, unknown>;
  const steps: StoredTraceStep[] = [];
  for (const [step, stored] of attemptsOf(item)) {
    const sorted = stored.sort((a, b) => a.at.localeCompare(b.at));
    const latest = sorted.at(-1);
    const older = item[`${STEP_PREFIX}${step}`] as
      | Pick<StoredTraceStep, 'durationMs' | 'input' | 'decision' | 'reason' | 'error'>
      | undefined;
    const current = latest?.input !== undefined || !older;
    const attempts = sorted.map(({ input: _input, ...attempt }) => ({
      ...attempt,
      decision: attempt.decision ?? null,
      reason: attempt.reason ?? null,
      error: attempt.error ?? null,
    }));
    steps.push({
      step,
      // The current layout leaves the dedupeKey to the key (keys.interactionDedupe), the correlation id to each attempt.
      dedupeKey:
        typeof item.dedupeKey === 'string' ? item.dedupeKey : String(item.sk).slice(DEDUPE_SK_PREFIX.length),
      correlationId: latest?.correlationId ?? String(item.correlationId),
      firstAt: sorted[0]?.at ?? '',
      lastAt: latest?.at ?? '',
      durationMs: current ? (latest?.durationMs ?? 0) : (older?.durationMs ?? 0),
      input: current ? { ...message, ...(latest?.input ?? {}) } : (older?.input ?? {}),
      decision: current ? (latest?.decision ?? null) : (older?.decision ?? null),
      reason: current ? (latest?.reason ?? null) : (older?.reason ?? null),
      error: ((current ? latest?.error : older?.error) ?? null) as StoredTraceStep['error'],
      attemptCount: attempts.length,
      attempts,
    });
  }
  return steps;
}
