import { type Decision, decide } from '../../shared/domain/decisions/decide';
import type { WorkflowState } from '../../shared/services/engine/workflow-state';
import { automationGate } from '../../shared/wiring/conversations';
import { handoverAlerts } from '../../shared/wiring/handover';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, Decision>(
  {
    name: 'Decide',
    async run({ message, match, plan, logged }) {
      if (!plan) throw new Error('Decide needs the plan check');
      const scenario = match?.scenario ?? null;
      // The pause / opt-out gate (it records STOP and START first); a replayed step rewrites the same state.
      const automationBlocked = logged
        ? await automationGate().onIncoming(message.workspaceId, logged.leadId, message.text ?? null)
        : null;
      const decision = decide(
        {
          message,
          scenario: scenario && {
            id: scenario.id,
            name: scenario.name,
            actions: scenario.actions.map((step) => step.action),
            keyword: scenario.keyword,
          },
          plan,
          accountStatus: plan.accountStatus,
          automationBlocked,
        },
        new Date(),
      );
      // A hand-over stops the bot for this person until a member resumes it.
      if (decision.action === 'handover' && logged) {
        await automationGate().handOver(message.workspaceId, logged.leadId, {
          dedupeKey: message.dedupeKey,
          platform: message.platform,
          text: message.text ?? null,
          at: message.occurredAt,
          scenarioId: scenario?.id ?? null,
          reason: decision.reason,
        });
        await handoverAlerts().announce(message, logged.leadId);
      }
      return decision;
    },
    outcome: (decision) => ({ decision: decision.action, reason: decision.reason }),
  },
  traceStore(),
);
