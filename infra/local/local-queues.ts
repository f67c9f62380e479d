import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../../shared/config';
import type { QueueName } from '../../shared/services/queue/ports';
import type { BatchProcessor, QueueRunner } from './queue-runner';
import { SqsQueuePoller } from './sqs-queue-poller';
import { TableQueue } from './table-queue';

export interface LocalQueueOptions {
  /** Deliveries processed at once. */
  concurrency: number;
  /** Messages per delivery when SQS serves the queue (the local queue delivers one at a time). */
  batchSize: number;
  /** The local queue's redrive policy and visibility-timeout stand-in (SQS applies its own). */
  maxReceiveCount: number;
  redeliveryDelayMs: (receiveCount: number) => number;
}

/**
 * The runner of one of the local stage's queues: SQS itself when the stage runs against an AWS endpoint
 * (FLOWIA_AWS_ENDPOINT: the queue URLs are those the stage created there), the table-backed local queue otherwise.
 */
export function localQueueRunner(
  queue: QueueName,
  process: BatchProcessor,
  options: LocalQueueOptions,
): QueueRunner {
  const c = config();
  if (c.FLOWIA_AWS_ENDPOINT) {
    const url = queue === 'incomingMessages' ? c.INCOMING_QUEUE_URL : c.LINKEDIN_QUEUE_URL;
    if (!url) throw new Error(`The AWS-emulated stage has no URL for the ${queue} queue`);
    return new SqsQueuePoller({
      queue,
      url,
      client: new SQSClient({ region: c.AWS_REGION }),
      region: c.AWS_REGION,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      process,
    });
  }
  return new TableQueue({ queue, process, ...options });
}
