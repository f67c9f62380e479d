import { stageTable } from '../adapters/dynamo/client';
import { DynamoTraceStore } from '../adapters/dynamo/trace-store';
import type { TraceStore } from '../services/engine/ports';
import { built } from './container';

/**
 * The workflow steps' trace (one entry per step run; the developer console shows it), handed to workflowStep by
 * each step's handler; apart from the engine's composition, so that Decide reaches no provider.
 */
export function traceStore(): TraceStore {
  return built(traceStore, () => new DynamoTraceStore(stageTable));
}
