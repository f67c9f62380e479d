import type { LeadUpdate, WorkflowState } from '../../shared/services/engine/workflow-state';
import { leadOutcomes } from '../../shared/wiring/lead-outcomes';
import { leadQualifier } from '../../shared/wiring/lead-qualifier';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, LeadUpdate>(
  {
    name: 'UpdateLead',
    run: async (state) => {
      const update = await leadOutcomes().apply(state);
      const qualification = await leadQualifier().qualify(state);
      return qualification ? { ...update, qualification } : update;
    },
    outcome: (lead) => ({
      decision: lead.status,
      reason: lead.lastDeliveryError ?? (lead.followUpAt ? `follow-up due ${lead.followUpAt}` : null),
    }),
  },
  traceStore(),
);
