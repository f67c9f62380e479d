import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact } from './redact';

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

/** Adds keys to the current log scope (see withLogKeys); outside any scope, to the logger itself. */
export function addLogKeys(keys: LogAttributes): void {
  const store = scopedKeys.getStore();
  if (store) Object.assign(store, keys);
  else logger.appendKeys(keys);
}

/** Powertools' standard JSON shape, with the scope's keys and every extra attribute passed through redact(). */
class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
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
