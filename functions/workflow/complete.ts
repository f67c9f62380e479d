import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { interactionCompletion } from '../../shared/wiring/interaction-completion';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, { done: boolean; parked: boolean }>(
  {
    name: 'Complete',
    run: (state) => interactionCompletion().complete(state),
    endsExecution: () => true,
    outcome: (result) =>
      result.parked
        ? { decision: 'parked', reason: 'waits for its account to be reconnected' }
        : { decision: 'done', reason: null },
  },
  traceStore(),
);
