import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { interactionLogger } from '../../shared/wiring/engine';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, { done: true }>({
  name: 'Complete',
  async run({ message }) {
    await interactionLogger().complete(message);
    return { done: true };
  },
  outcome: () => ({ decision: 'done', reason: null }),
});
