import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueueStats } from '../adapters/queue/sqs-queue-stats';
import { SfnWorkflowFailures } from '../adapters/workflow/sfn-workflow-failures';
import { config } from '../config';
import { OperationsStatusService } from '../services/operations/operations-status-service';
import type { QueueStatsSource, WorkflowFailureSource } from '../services/operations/ports';
import { requireLocalStageAdapter } from './local-stage';
import { youtubeBudget } from './youtube-budget';

let queues: QueueStatsSource | undefined;
let workflow: WorkflowFailureSource | undefined;
let service: OperationsStatusService | undefined;

const isLocal = () => config().FLOWIA_LOCAL_TRANSPORT === '1';

/** SQS counters in AWS; the in-process broker and local dead letters in the local stage. */
export function queueStatsSource(): QueueStatsSource {
  if (!queues) {
    const c = config();
    queues = isLocal()
      ? requireLocalStageAdapter('queueStats', 'FLOWIA_LOCAL_TRANSPORT=1')
      : new SqsQueueStats(new SQSClient({ region: c.AWS_REGION }), {
          incomingMessages: { url: c.INCOMING_QUEUE_URL, deadLetterUrl: c.INCOMING_DLQ_URL },
          browserLinkedIn: { url: c.LINKEDIN_QUEUE_URL, deadLetterUrl: c.LINKEDIN_DLQ_URL },
        });
  }
  return queues;
}

export function workflowFailureSource(): WorkflowFailureSource {
  if (!workflow) {
    const c = config();
    workflow = isLocal()
      ? requireLocalStageAdapter('workflowFailures', 'FLOWIA_LOCAL_TRANSPORT=1')
      : new SfnWorkflowFailures(new SFNClient({ region: c.AWS_REGION }), c.STATE_MACHINE_ARN);
  }
  return workflow;
}

export function operationsStatusService(): OperationsStatusService {
  if (!service) {
    const budget = youtubeBudget();
    service = new OperationsStatusService(
      queueStatsSource(),
      workflowFailureSource(),
      budget ? () => budget.projectQuota() : undefined,
    );
  }
  return service;
}
