import type { Context } from 'aws-lambda';
import { logger, withLogKeys } from './logger';
import { publishMetrics } from './metrics';

/**
 * The correlation id outside HTTP. The HTTP middleware sets it from x-request-id; the webhook copies that id into
 * every IncomingMessage (`correlationId`), and the queue consumers, workflow tasks and schedules put it back on
 * the logger with these helpers, so one id follows a message from the webhook to the DM in the logs.
 */
export const CORRELATION_KEY = 'correlation_id';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Finds a correlation id in the usual event shapes: a message (`{ correlationId }`), a workflow state that holds
 * one (`{ message: { correlationId } }`), or a Pipe/SQS batch whose first record carries one. Unsafe values
 * (not an id) are ignored rather than written into every log line.
 */
export function correlationIdOf(event: unknown): string | undefined {
  const candidates: unknown[] = [];
  if (Array.isArray(event)) candidates.push(event[0]);
  else candidates.push(event);
  for (let i = 0; i < candidates.length && i < 12; i++) {
    const value = candidates[i];
    if (typeof value === 'string') {
      if (value.startsWith('{')) candidates.push(parseJson(value));
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    if (typeof record.correlationId === 'string' && SAFE_ID.test(record.correlationId))
      return record.correlationId;
    for (const key of ['message', 'input', 'detail', 'body', 'Records'] as const) {
      const inner = Array.isArray(record[key]) ? (record[key] as unknown[])[0] : record[key];
      if (inner !== undefined && inner !== null) candidates.push(inner);
    }
  }
  return undefined;
}

/**
 * Runs `work` with `correlation_id` on every log line, then removes it, also when `work` throws. Use it per
 * message when one invocation handles a batch of messages with different ids.
 */
export async function withCorrelationId<T>(
  correlationId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!correlationId) return work();
  return withLogKeys({ [CORRELATION_KEY]: correlationId }, work);
}

/**
 * Wraps a non-HTTP Lambda handler (queue consumer, workflow task, schedule): Lambda context on the logger,
 * correlation id from the event, stored metrics flushed at the end whatever happens.
 */
export function observed<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  options: { correlationId?: (event: E) => string | undefined } = {},
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    const id = options.correlationId ? options.correlationId(event) : correlationIdOf(event);
    try {
      return await withCorrelationId(id, () => handler(event, context));
    } finally {
      publishMetrics();
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
