import { planRequiredMessage } from '../../shared/domain/plans/features';
import type { CrmSyncOutcome } from '../../shared/services/crm/ports';
import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { crmSyncer } from '../../shared/wiring/crm';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, { outcomes: CrmSyncOutcome[]; skipped: string | null }>(
  {
    name: 'SyncCrm',
    async run({ message, logged, plan }) {
      if (!plan?.features.crmSync)
        return { outcomes: [], skipped: planRequiredMessage(plan?.plan, 'crmSync') };
      return { outcomes: await crmSyncer().syncLead(message.workspaceId, logged.leadId), skipped: null };
    },
    outcome: ({ outcomes, skipped }) => ({
      decision: skipped ? 'skipped' : outcomes.length === 0 ? 'nothing_to_sync' : 'synced',
      reason:
        skipped ??
        (outcomes.map((o) => `${o.crm}: ${o.status}${o.error ? ` (${o.error})` : ''}`).join(', ') || null),
    }),
  },
  traceStore(),
);
