import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { redact } from '../../observability/redact';
import type { TraceEntry, TraceStore } from '../../services/engine/ports';
import { dynamo, tableName } from './client';
import { keys } from './keys';
import { queryAll } from './queries';

/** Trace items live three days: long enough to debug yesterday's message in the developer console. */
export const TRACE_TTL_SECONDS = 3 * 24 * 3600;

/**
 * One item per (interaction, step): the latest attempt's fields on top, every attempt appended to `attempts`.
 * Attempts are bounded by the workflow's retries times the queue's receive count.
 */
export class DynamoTraceStore implements TraceStore {
  async record(entry: TraceEntry): Promise<number> {
    const safe = redact(entry);
    const attempt = {
      at: safe.at,
      durationMs: safe.durationMs,
      decision: safe.decision,
      reason: safe.reason,
      error: safe.error,
      correlationId: safe.correlationId,
    };
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.traceStep(entry.workspaceId, entry.dedupeKey, entry.step),
        UpdateExpression:
          'SET #type = :type, step = :step, dedupeKey = :dedupeKey, correlationId = :correlationId, ' +
          'firstAt = if_not_exists(firstAt, :at), lastAt = :at, durationMs = :durationMs, #input = :input, ' +
          'decision = :decision, reason = :reason, #error = :error, #ttl = :ttl, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, ' +
          'attempts = list_append(if_not_exists(attempts, :none), :attempt) ADD attemptCount :one',
        ExpressionAttributeNames: { '#type': 'type', '#input': 'input', '#error': 'error', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':type': 'trace',
          ':step': safe.step,
          ':dedupeKey': safe.dedupeKey,
          ':correlationId': safe.correlationId,
          ':at': safe.at,
          ':durationMs': safe.durationMs,
          ':input': safe.input,
          ':decision': safe.decision,
          ':reason': safe.reason,
          ':error': safe.error,
          ':ttl': Math.floor(Date.parse(entry.at) / 1000) + TRACE_TTL_SECONDS,
          ':gsi1pk': keys.tracesOfWorkspace(entry.workspaceId),
          ':gsi1sk': keys.traceByTime(entry.workspaceId, entry.at, entry.dedupeKey, entry.step).gsi1sk,
          ':none': [],
          ':attempt': [attempt],
          ':one': 1,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Math.max(0, Number(Attributes?.attemptCount ?? 1) - 1);
  }

  /** Every step of one interaction, in the order they first ran (the developer console's trace view). */
  async read(workspaceId: string, dedupeKey: string): Promise<StoredTraceStep[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.tracePrefix(dedupeKey) },
      ConsistentRead: true,
    });
    return items
      .map(toStep)
      .sort((a, b) => a.firstAt.localeCompare(b.firstAt) || a.lastAt.localeCompare(b.lastAt));
  }

  /** The workspace's latest trace entries, newest first. */
  async recent(workspaceId: string, limit = 50): Promise<StoredTraceStep[]> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.tracesOfWorkspace(workspaceId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(toStep);
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

const toStep = (item: Record<string, unknown>): StoredTraceStep => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ttl: _ttl, ...step } = item;
  return { ...(step as unknown as StoredTraceStep), attemptCount: Number(item.attemptCount ?? 0) };
};
