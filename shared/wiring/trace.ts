import { DynamoTraceStore } from '../adapters/dynamo/trace-store';
import type { TraceStore } from '../services/engine/ports';

let store: TraceStore | undefined;

/**
 * The workflow steps' trace (GET /interactions/{id}/trace reads it), apart from the engine's composition so that
 * the step wrapper, which every step bundles, reaches no provider: the pure Decide step stays pure.
 */
export function traceStore(): TraceStore {
  store ??= new DynamoTraceStore();
  return store;
}
