import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isExpired, traceExpiresAt } from '../../domain/retention/retention';
import { redact } from '../../observability/redact';
import type { DoneMarker, TraceEntry, TraceStore } from '../../services/engine/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { queryAll } from './queries';
import { TTL_ATTRIBUTE } from './table';

/**
 * Attribute names of the one item per interaction: `attempt_<Step>_<attemptId>` per attempt. Items written before
 * the attempts carried their own fields also hold `step_<Step>` (that step's latest attempt, input included).
 */
const STEP_PREFIX = 'step_';
const ATTEMPT_PREFIX = 'attempt_';
const attemptAttribute = (step: string, attemptId: string) => `${ATTEMPT_PREFIX}${step}_${attemptId}`;
/** The trace's own expiry on the item it shares with the DEDUPE marker, whose `ttl` may be later (see below). */
export const TRACE_TTL_ATTRIBUTE = 'traceTtl';

/**
 * Every attribute the trace puts on the interaction's DEDUPE item (the erasure of a lead removes them and keeps
 * the bare marker): the fixed ones, and the attempts of this layout and the previous one.
 */
export const isTraceAttribute = (name: string) =>
  ['message', 'dedupeKey', 'correlationId', 'gsi1pk', 'gsi1sk', TRACE_TTL_ATTRIBUTE].includes(name) ||
  name.startsWith(ATTEMPT_PREFIX) ||
  name.startsWith(STEP_PREFIX);

/** When a stored trace expires: its own TTL where it shares the DEDUPE item, else the item's (older items). */
const traceExpiry = (item: Record<string, unknown>) => item[TRACE_TTL_ATTRIBUTE] ?? item.ttl;

/**
 * One item per interaction. The message's summary is stored once (`message`), and each attempt once, as
 * `attempt_<Step>_<attemptId>` holding what that attempt did (when, how long, decision, reason, error) and what the
 * earlier steps had decided (`input`): a step's latest fields are its latest attempt's, so nothing is written
 * twice and the item of a whole execution stays within 3 write units (it was 5 or 6 when each step's fields were
 * copied beside its attempts with the message summary in each). Recording the same attempt twice (a failed step's
 * flush, then the execution's last one) sets the same attribute. One UpdateItem per call, whatever the number of
 * entries. Attempts are bounded by the workflow's retries times the queue's receive count.
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
      ':dedupeKey': last.dedupeKey,
      ':correlationId': last.correlationId,
      ':traceTtl': traceTtl,
      ':gsi1pk': keys.tracesOfWorkspace(last.workspaceId),
      ':gsi1sk': keys.traceByTime(last.workspaceId, last.at, last.dedupeKey).gsi1sk,
      ':message': redact(last.message),
    };
    const sets = [
      '#type = :type',
      'dedupeKey = :dedupeKey',
      'correlationId = :correlationId',
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
    const attempts = new Map<string, TraceEntry>();
    for (const entry of entries) attempts.set(attemptAttribute(entry.step, entry.attemptId), entry);
    let i = 0;
    for (const [attribute, entry] of attempts) {
      const safe = redact(entry);
      names[`#a${i}`] = attribute;
      // Nulls are left out (a missing decision reads back as null); `input` is always there, even empty: it is
      // what tells this layout's attempts from the older ones, whose input sits on `step_<Step>`.
      values[`:a${i}`] = {
        at: safe.at,
        durationMs: safe.durationMs,
        correlationId: safe.correlationId,
        input: safe.input,
        ...(safe.decision !== null ? { decision: safe.decision } : {}),
        ...(safe.reason !== null ? { reason: safe.reason } : {}),
        ...(safe.error !== null ? { error: safe.error } : {}),
      };
      sets.push(`#a${i} = :a${i}`);
      i += 1;
    }
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
    const ownAttempts = Object.keys(Attributes ?? {}).filter((name) =>
      name.startsWith(`${ATTEMPT_PREFIX}${last.step}_`),
    ).length;
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
 * The steps an item holds, in all three layouts it may have been written in: one item per step (the oldest),
 * one item per interaction with `step_<Step>` beside its attempts, or attempts alone with the message summary
 * once on the item (the current one; an item updated across the change holds the last two side by side).
 */
function toSteps(item: Record<string, unknown>): StoredTraceStep[] {
  if (typeof item.step === 'string') {
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ttl: _ttl, ...step } = item;
    return [{ ...(step as unknown as StoredTraceStep), attemptCount: Number(item.attemptCount ?? 0) }];
  }
  const attemptsOf = new Map<string, StoredAttempt[]>();
  for (const [name, value] of Object.entries(item)) {
    const step = name.startsWith(ATTEMPT_PREFIX)
      ? stepOfAttempt(name)
      : name.startsWith(STEP_PREFIX)
        ? name.slice(STEP_PREFIX.length)
        : null;
    if (!step) continue;
    const list = attemptsOf.get(step) ?? [];
    if (name.startsWith(ATTEMPT_PREFIX)) list.push(value as StoredAttempt);
    attemptsOf.set(step, list);
  }
  const message = (item.message ?? {}) as Record<string, unknown>;
  const steps: StoredTraceStep[] = [];
  for (const [step, stored] of attemptsOf) {
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
      dedupeKey: String(item.dedupeKey),
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
