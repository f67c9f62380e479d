import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isExpired, traceExpiresAt } from '../../domain/retention/retention';
import { redact } from '../../observability/redact';
import type { TraceEntry, TraceStore } from '../../services/engine/ports';
import type { DynamoTable } from './client';
import { keys } from './keys';
import { queryAll } from './queries';

/** Attribute names of the one item per interaction: each step's latest fields, and each attempt apart. */
const STEP_PREFIX = 'step_';
const ATTEMPT_PREFIX = 'attempt_';
const stepAttribute = (step: string) => `${STEP_PREFIX}${step}`;
const attemptAttribute = (step: string, attemptId: string) => `${ATTEMPT_PREFIX}${step}_${attemptId}`;

/**
 * One item per interaction: `step_<Step>` holds that step's latest attempt (input summary, decision, reason,
 * error), `attempt_<Step>_<attemptId>` one attribute per attempt, so recording the same attempt twice (a failed
 * step's flush, then the execution's last one) sets the same attribute instead of appending a duplicate. One
 * UpdateItem per call, whatever the number of entries. Attempts are bounded by the workflow's retries times the
 * queue's receive count.
 */
export class DynamoTraceStore implements TraceStore {
  /** Reads leave out traces past their TTL (30 days, see domain/retention): dynalite never deletes them. */
  constructor(
    private readonly table: DynamoTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entries: TraceEntry[]): Promise<number> {
    const last = entries.at(-1);
    if (!last) return 0;
    const names: Record<string, string> = { '#type': 'type', '#ttl': 'ttl' };
    const values: Record<string, unknown> = {
      ':type': 'trace',
      ':dedupeKey': last.dedupeKey,
      ':correlationId': last.correlationId,
      ':ttl': traceExpiresAt(last.at),
      ':gsi1pk': keys.tracesOfWorkspace(last.workspaceId),
      ':gsi1sk': keys.traceByTime(last.workspaceId, last.at, last.dedupeKey).gsi1sk,
    };
    const sets = [
      '#type = :type',
      'dedupeKey = :dedupeKey',
      'correlationId = :correlationId',
      '#ttl = :ttl',
      'gsi1pk = :gsi1pk',
      'gsi1sk = :gsi1sk',
    ];
    // The latest entry of each step wins its step_ attribute (one path may be set only once per update).
    const latestOfStep = new Map<string, TraceEntry>();
    const attempts = new Map<string, TraceEntry>();
    for (const entry of entries) {
      latestOfStep.set(entry.step, entry);
      attempts.set(attemptAttribute(entry.step, entry.attemptId), entry);
    }
    let i = 0;
    for (const [step, entry] of latestOfStep) {
      const safe = redact(entry);
      names[`#s${i}`] = stepAttribute(step);
      values[`:s${i}`] = {
        step: safe.step,
        durationMs: safe.durationMs,
        input: safe.input,
        decision: safe.decision,
        reason: safe.reason,
        error: safe.error,
      };
      sets.push(`#s${i} = :s${i}`);
      i += 1;
    }
    let j = 0;
    for (const [attribute, entry] of attempts) {
      const safe = redact(entry);
      names[`#a${j}`] = attribute;
      values[`:a${j}`] = {
        at: safe.at,
        durationMs: safe.durationMs,
        decision: safe.decision,
        reason: safe.reason,
        error: safe.error,
        correlationId: safe.correlationId,
      };
      sets.push(`#a${j} = :a${j}`);
      j += 1;
    }
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.traceOf(last.workspaceId, last.dedupeKey),
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

  /** Every step of one interaction, in the order they first ran (the developer console's trace view). */
  async read(workspaceId: string, dedupeKey: string): Promise<StoredTraceStep[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.tracePrefix(dedupeKey) },
      ConsistentRead: true,
    });
    return items
      .filter((item) => !isExpired(item.ttl, this.now()))
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
    return (page.Items ?? []).filter((item) => !isExpired(item.ttl, this.now())).flatMap(toSteps);
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

type StoredAttempt = StoredTraceStep['attempts'][number] & { correlationId?: string };

/** The steps an item holds: the one-per-interaction layout, or an older one-per-step item as it was written. */
function toSteps(item: Record<string, unknown>): StoredTraceStep[] {
  if (typeof item.step === 'string') {
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ttl: _ttl, ...step } = item;
    return [{ ...(step as unknown as StoredTraceStep), attemptCount: Number(item.attemptCount ?? 0) }];
  }
  const steps: StoredTraceStep[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(STEP_PREFIX)) continue;
    const latest = value as Omit<StoredTraceStep, 'attempts' | 'attemptCount' | 'firstAt' | 'lastAt'>;
    const attempts = Object.entries(item)
      .filter(([attribute]) => attribute.startsWith(`${ATTEMPT_PREFIX}${latest.step}_`))
      .map(([, attempt]) => attempt as StoredAttempt)
      .sort((a, b) => a.at.localeCompare(b.at));
    const lastAttempt = attempts.at(-1);
    steps.push({
      step: latest.step,
      dedupeKey: String(item.dedupeKey),
      correlationId: lastAttempt?.correlationId ?? String(item.correlationId),
      firstAt: attempts[0]?.at ?? '',
      lastAt: lastAttempt?.at ?? '',
      durationMs: latest.durationMs,
      input: latest.input,
      decision: latest.decision,
      reason: latest.reason,
      error: latest.error,
      attemptCount: attempts.length,
      attempts,
    });
  }
  return steps;
}
