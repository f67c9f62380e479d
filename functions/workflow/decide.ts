import { type Decision, decide } from '../../shared/domain/decisions/decide';
import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, Decision>({
  name: 'Decide',
  async run({ message, match, plan }) {
    if (!plan) throw new Error('Decide needs the plan check');
    const scenario = match?.scenario ?? null;
    return decide(
      {
        message,
        scenario: scenario && {
          id: scenario.id,
          name: scenario.name,
          action: scenario.action,
          keyword: scenario.keyword,
        },
        plan,
        accountStatus: plan.accountStatus,
      },
      new Date(),
    );
  },
  outcome: (decision) => ({ decision: decision.action, reason: decision.reason }),
});
