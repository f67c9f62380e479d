import type { LeadUpdate, WorkflowState } from '../../shared/services/engine/workflow-state';
import { leadOutcomes } from '../../shared/wiring/lead-outcomes';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, LeadUpdate>(
  {
    name: 'UpdateLead',
    run: (state) => leadOutcomes().apply(state),
    outcome: (lead) => ({
      decision: lead.status,
      reason: lead.lastDeliveryError ?? (lead.followUpAt ? `follow-up due ${lead.followUpAt}` : null),
    }),
  },
  traceStore(),
);
