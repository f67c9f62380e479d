import { stageTable } from '../adapters/dynamo/client';
import { DynamoTraceStore } from '../adapters/dynamo/trace-store';
import type { TraceStore } from '../services/engine/ports';

let store: TraceStore | undefined;

/**
 * The workflow steps' trace (one entry per step run; the developer console shows it), apart from the engine's
 * composition so that the step wrapper, which every step bundles, reaches no provider: Decide stays pure.
 */
export function traceStore(): TraceStore {
  store ??= new DynamoTraceStore(stageTable);
  return store;
}
