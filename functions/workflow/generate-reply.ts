import type { WorkflowState, WrittenReply } from '../../shared/services/engine/workflow-state';
import { replyWriter } from '../../shared/wiring/engine';
import { workflowStep } from '../../shared/workflow/step';

export const handler = workflowStep<WorkflowState, WrittenReply>({
  name: 'GenerateReply',
  async run({ message, match, plan }) {
    const scenario = match?.scenario;
    if (!scenario) throw new Error('GenerateReply needs a matched scenario');
    return replyWriter().write({ message, scenario, aiAllowed: plan?.features.aiReplies ?? false });
  },
  outcome: (reply) => ({ decision: reply.source, reason: `${reply.text.length} characters` }),
});
