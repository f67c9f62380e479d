import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsPublisher } from '../adapters/queue/sqs-publisher';
import { config } from '../config';
import type { QueuePublisher } from '../services/queue/ports';
import { built } from './container';
import { localStageAdapter, requireLocalStageAdapter } from './local-stage';

/**
 * SQS in AWS; the in-process broker when the local stage runs (FLOWIA_LOCAL_TRANSPORT=1). The queue URLs are read
 * on each send: the local stage gives each handler only the URLs it declares, and one publisher serves them all.
 * There, the stage's guard first refuses a send to a queue the running handler did not declare.
 */
export function queuePublisher(): QueuePublisher {
  return built(queuePublisher, () => {
    const c = config();
    const inner =
      c.FLOWIA_LOCAL_TRANSPORT === '1'
        ? requireLocalStageAdapter('queuePublisher', 'FLOWIA_LOCAL_TRANSPORT=1')
        : new SqsPublisher(new SQSClient({ region: c.AWS_REGION }), {
            get incomingMessages() {
              return config().INCOMING_QUEUE_URL;
            },
            get browserLinkedIn() {
              return config().LINKEDIN_QUEUE_URL;
            },
          });
    return {
      async publish(queue, messages) {
        localStageAdapter('resourceGuard')?.queueSend(queue);
        return inner.publish(queue, messages);
      },
    };
  });
}
