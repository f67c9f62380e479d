import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact, redactText } from './redact';

/**
 * Keys of the unit of work in progress (correlation id, dedupe key, workflow step), scoped to its async context
 * rather than appended to the shared logger: one Lambda invocation at a time never needed that, but the local
 * stage runs many requests and workflow executions in one process, and global keys would cross between them.
 */
const scopedKeys = new AsyncLocalStorage<LogAttributes>();

/** Runs `work` in a log scope that starts with the enclosing scope's keys plus `keys`. */
export function withLogKeys<T>(keys: LogAttributes, work: () => T): T {
  return scopedKeys.run({ ...scopedKeys.getStore(), ...keys }, work);
}

/** Wraps a handler so each call runs in a fresh log scope: what one request adds never reaches another's lines. */
export function inLogScope<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
  return (...args) => withLogKeys({}, () => handler(...args));
}

/**
 * Adds keys to the current log scope (see withLogKeys). Outside any scope they are dropped, never appended to
 * the container-wide logger: there they would label every later line, of other requests and of the next warm
 * invocations alike. Entry points run in a scope (inLogScope, withCorrelationId, workflowStep).
 */
export function addLogKeys(keys: LogAttributes): void {
  const store = scopedKeys.getStore();
  if (store) Object.assign(store, keys);
}

/** One key of the current log scope (the bench files the work it counts under `workflow_step`). */
export function scopedLogKey(name: string): unknown {
  return scopedKeys.getStore()?.[name];
}

/** Powertools' standard JSON shape, with the scope's keys and every extra attribute passed through redact(). */
class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: redactText(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redact({ ...scopedKeys.getStore(), ...additional }));
  }
}

/** One logger per container; the correlation id is appended per request/message by the middlewares. */
export const logger = new Logger({
  serviceName: 'flow-ia',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  logFormatter: new RedactingLogFormatter(),
});
