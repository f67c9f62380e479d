import { countMetric, MetricName } from '../../shared/observability/metrics';
import type { SendOutcome, WorkflowState } from '../../shared/services/engine/workflow-state';
import { sender } from '../../shared/wiring/engine';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, SendOutcome>({
  name: 'Send',
  async run({ message, decision, reply }) {
    if (!decision?.outgoing || !reply) throw new Error('Send needs a decision to send and a written reply');
    const outcome = await sender().send({
      message,
      action: decision.outgoing,
      text: reply.text,
      consumesQuota: decision.consumesQuota,
      scenarioId: decision.scenarioId,
    });
    if (outcome.status === 'sent') countMetric(MetricName.DmsSent);
    return outcome;
  },
  outcome: (outcome) => ({ decision: outcome.status, reason: outcome.explanation }),
});
