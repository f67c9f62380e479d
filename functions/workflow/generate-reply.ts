import { sendingSteps } from '../../shared/services/engine/action-sender';
import type { WorkflowState, WrittenReply } from '../../shared/services/engine/workflow-state';
import { automationGate } from '../../shared/wiring/conversations';
import { handoverAlerts } from '../../shared/wiring/handover';
import { replyWriter } from '../../shared/wiring/replies';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, WrittenReply>(
  {
    name: 'GenerateReply',
    async run({ message, match, plan, logged, decision }) {
      const scenario = match?.scenario;
      if (!scenario || !decision) throw new Error('GenerateReply needs a matched scenario and a decision');
      const reply = await replyWriter().writeSteps({
        message,
        scenario,
        steps: sendingSteps(decision),
        aiAllowed: plan?.features.aiReplies ?? false,
        ...(logged ? { leadId: logged.leadId } : {}),
      });
      // The engine could not answer (it tells the person a human will): the bot pauses for them and the team is
      // told, as for a scenario's hand-over. A replayed step pauses again and announces nothing twice.
      if (reply.handover && logged) {
        await automationGate().handOver(message.workspaceId, logged.leadId, {
          dedupeKey: message.dedupeKey,
          platform: message.platform,
          text: message.text ?? null,
          at: message.occurredAt,
          scenarioId: scenario.id,
          reason: 'the reply engine could not answer: handed over to a human',
        });
        await handoverAlerts().announce(message, logged.leadId);
      }
      return reply;
    },
    outcome: (reply) => ({
      decision: reply.handover ? `${reply.source}+handover` : reply.source,
      reason: `${reply.text.length} characters`,
    }),
  },
  traceStore(),
);
