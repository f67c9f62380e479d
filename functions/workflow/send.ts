import { countMetric, MetricName } from '../../shared/observability/metrics';
import { sendingSteps } from '../../shared/services/engine/action-sender';
import type { SendOutcome, WorkflowState } from '../../shared/services/engine/workflow-state';
import { scenarioActionsSender } from '../../shared/wiring/sender';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, SendOutcome>(
  {
    name: 'Send',
    async run({ message, decision, reply, match }) {
      const scenario = match?.scenario;
      if (!decision?.send || !reply || !scenario)
        throw new Error('Send needs a matched scenario, a decision to send and a written reply');
      const outcome = await scenarioActionsSender().send({ message, scenario, decision, reply });
      // A public reply under a comment is not a DM: only the private messages count.
      const quota = new Map(sendingSteps(decision).map((step) => [step.index, step.consumesQuota]));
      for (const step of outcome.steps ?? [])
        if (step.status === 'sent' && quota.get(step.index)) countMetric(MetricName.DmsSent);
      return outcome;
    },
    outcome: (outcome) => ({
      decision:
        (outcome.steps ?? []).map((step) => `${step.action}:${step.status}`).join(' ') || outcome.status,
      reason: outcome.explanation,
    }),
  },
  traceStore(),
);
