import { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuePublisher } from '../adapters/queue/queue-publisher';
import { SqsPublisher } from '../adapters/queue/sqs-publisher';
import { config } from '../config';
import { requireLocalStageAdapter } from './local-stage';

let publisher: QueuePublisher | undefined;

/** SQS in AWS; the in-process broker when the local stage runs (FLOWIA_LOCAL_TRANSPORT=1). */
export function queuePublisher(): QueuePublisher {
  if (!publisher) {
    const c = config();
    publisher =
      c.FLOWIA_LOCAL_TRANSPORT === '1'
        ? requireLocalStageAdapter('queuePublisher', 'FLOWIA_LOCAL_TRANSPORT=1')
        : new SqsPublisher(new SQSClient({ region: c.AWS_REGION }), {
            incomingMessages: c.INCOMING_QUEUE_URL,
            browserLinkedIn: c.LINKEDIN_QUEUE_URL,
          });
  }
  return publisher;
}
