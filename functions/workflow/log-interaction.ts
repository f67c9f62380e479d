import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import { countMetric, MetricName } from '../../shared/observability/metrics';
import { parseIncomingMessage } from '../../shared/services/engine/incoming-message-parser';
import type { LoggedInteraction } from '../../shared/services/engine/workflow-state';
import { interactionLogger } from '../../shared/wiring/interaction-log';
import { traceStore } from '../../shared/wiring/trace';
import { workflowStep } from '../../shared/workflow/step';

interface QueueItem {
  messageId: string;
  body: unknown;
}

interface Logged {
  messageId: string;
  message: IncomingMessage;
  logged: LoggedInteraction;
}

export const handler = workflowStep<QueueItem, Logged>(
  {
    name: 'LogInteraction',
    async run(item) {
      const message = parseIncomingMessage(item.body);
      const logged = await interactionLogger().log(message);
      if (!logged.alreadyProcessed) countMetric(MetricName.MessagesProcessed);
      return { messageId: item.messageId, message, logged };
    },
    messageOf: (_item, result) => result?.message,
    endsExecution: ({ logged }) => logged.alreadyProcessed,
    // An echo is done here: its marker goes in the same write as the trace (see DynamoTraceStore).
    marksDone: ({ logged }) => logged.done,
    outcome: ({ logged }) =>
      logged.alreadyProcessed
        ? { decision: 'already_processed', reason: 'this message was fully processed before: nothing to do' }
        : {
            decision: logged.firstDelivery ? 'logged' : 'redelivery',
            reason: `lead score ${logged.score}, ${logged.interactionCount} interaction(s)${logged.phone ? ', phone found' : ''}`,
          },
  },
  traceStore(),
);
