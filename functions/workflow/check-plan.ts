import type { PlanCheck, WorkflowState } from '../../shared/services/engine/workflow-state';
import { planChecker } from '../../shared/wiring/plans';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, PlanCheck>(
  {
    name: 'CheckPlan',
    run: (state) => planChecker().check(state.message),
    outcome: (plan) => ({
      decision: plan.quotaReached ? 'quota_reached' : plan.plan,
      reason: `${plan.dmSentToday}/${plan.dmLimitPerDay ?? 'unlimited'} DMs today; account ${plan.accountStatus}`,
    }),
  },
  traceStore(),
);
