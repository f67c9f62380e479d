import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { QueueName } from '../../shared/services/queue/ports';
import type { LocalDeadLetter } from './adapters/local-queue-store';

/** Why one record failed: the failing step's error name and message. */
export interface ItemFailure {
  error: string;
  cause: string;
}

/**
 * A consumer's view of one delivery: the SQS records of a batch in, the records that failed out (the
 * partial-batch contract); throwing fails the whole batch, as a failed Pipe target or Lambda invocation does.
 */
export type BatchProcessor = (records: SQSRecord[]) => Promise<Map<string, ItemFailure>>;

/** Delivers one queue's messages to its consumer in the local stage, from the local store or from SQS. */
export interface QueueRunner {
  readonly description: string;
  start(): Promise<void>;
  /** No new receives; resolves once the batches being processed are done. Nothing queued is lost. */
  stop(): Promise<void>;
  /** Resolves once nothing is queued, waiting for redelivery, or being processed. */
  idle(): Promise<void>;
  stats(): { queued: number; running: number };
  /** The dead-letter list with causes (the local queue only: SQS's DLQ is read with the SQS API). */
  deadLetters?(limit?: number): Promise<LocalDeadLetter[]>;
  /** Puts every dead letter back on the queue with a fresh receive count; returns how many. */
  redrive?(): Promise<number>;
}

export const queueArn = (region: string, queue: QueueName) => `arn:aws:sqs:${region}:000000000000:${queue}`;

/**
 * An SQS record as Lambda's event source and EventBridge Pipes hand it over
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event).
 */
export function sqsRecord(message: {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  firstReceivedAt: number;
  eventSourceARN: string;
  region: string;
}): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: message.eventSourceARN,
    awsRegion: message.region,
  };
}
