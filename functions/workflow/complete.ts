import type { CompletionResult } from '../../shared/services/account-health/interaction-completion';
import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { interactionCompletion } from '../../shared/wiring/interaction-completion';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, CompletionResult>(
  {
    name: 'Complete',
    run: (state) => interactionCompletion().complete(state),
    endsExecution: () => true,
    // The DEDUPE marker and the execution's trace are one item, written once (see DynamoTraceStore).
    marksDone: (result) => result.marker,
    outcome: (result) =>
      result.parked
        ? { decision: 'parked', reason: 'waits for its account to be reconnected' }
        : { decision: 'done', reason: null },
  },
  traceStore(),
);
