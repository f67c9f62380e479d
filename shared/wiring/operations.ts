import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueueStats } from '../adapters/queue/sqs-queue-stats';
import { SfnWorkflowFailures } from '../adapters/workflow/sfn-workflow-failures';
import { config } from '../config';
import { OperationsStatusService } from '../services/operations/operations-status-service';
import type { QueueStatsSource, WorkflowFailureSource } from '../services/operations/ports';
import { built } from './container';
import { requireLocalStageAdapter } from './local-stage';
import { youtubeBudget } from './youtube-budget';

const isLocal = () => config().FLOWIA_LOCAL_TRANSPORT === '1';

/** SQS counters in AWS; the in-process broker and local dead letters in the local stage. */
export function queueStatsSource(): QueueStatsSource {
  return built(queueStatsSource, () => {
    const c = config();
    return isLocal()
      ? requireLocalStageAdapter('queueStats', 'FLOWIA_LOCAL_TRANSPORT=1')
      : new SqsQueueStats(new SQSClient({ region: c.AWS_REGION }), {
          incomingMessages: { url: c.INCOMING_QUEUE_URL, deadLetterUrl: c.INCOMING_DLQ_URL },
          browserLinkedIn: { url: c.LINKEDIN_QUEUE_URL, deadLetterUrl: c.LINKEDIN_DLQ_URL },
        });
  });
}

export function workflowFailureSource(): WorkflowFailureSource {
  return built(workflowFailureSource, () => {
    const c = config();
    return isLocal()
      ? requireLocalStageAdapter('workflowFailures', 'FLOWIA_LOCAL_TRANSPORT=1')
      : new SfnWorkflowFailures(new SFNClient({ region: c.AWS_REGION }), c.STATE_MACHINE_ARN);
  });
}

export function operationsStatusService(): OperationsStatusService {
  return built(operationsStatusService, () => {
    const budget = youtubeBudget();
    return new OperationsStatusService(
      queueStatsSource(),
      workflowFailureSource(),
      budget ? () => budget.projectQuota() : undefined,
    );
  });
}
