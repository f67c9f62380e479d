import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/observability/logger';
import type { QueueName } from '../../shared/services/queue/ports';
import type { BatchProcessor, ItemFailure, QueueRunner } from './queue-runner';

export interface SqsQueuePollerOptions {
  queue: QueueName;
  url: string;
  client: SQSClient;
  region: string;
  /** Messages per receive, and so per processing call (the Pipe's or event source's batch size). */
  batchSize: number;
  /** Receive loops running at once (the Pipe's or event source's concurrency). */
  concurrency: number;
  process: BatchProcessor;
}

/** Long-poll wait of one ReceiveMessage; the loop is aborted at once on stop, so it need not be short. */
const WAIT_SECONDS = 5;

/** idle(): how often SQS's counters are read, and how many zero readings in a row mean the queue is drained. */
const IDLE_POLL_MS = 100;
const IDLE_ZERO_READINGS = 2;

/**
 * Consumes an SQS queue the way an EventBridge Pipe or a Lambda event source mapping does
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html): long-poll ReceiveMessage in
 * batches, hand the records to the consumer, delete the ones that did not fail. Failed records (and every
 * record of a batch whose processing threw) are left alone: SQS makes them visible again after the queue's
 * visibility timeout and moves them to the DLQ after its redrive policy's maxReceiveCount.
 */
export class SqsQueuePoller implements QueueRunner {
  readonly description: string;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly loops: Array<Promise<void>> = [];
  private running = 0;
  private visible = 0;
  private queueArn = '';

  constructor(private readonly options: SqsQueuePollerOptions) {
    this.description = `${options.queue}: SQS at ${options.url} (batches of ${options.batchSize}, ${options.concurrency} at a time)`;
  }

  async start(): Promise<void> {
    const { Attributes } = await this.options.client.send(
      new GetQueueAttributesCommand({ QueueUrl: this.options.url, AttributeNames: ['QueueArn'] }),
    );
    this.queueArn = Attributes?.QueueArn ?? '';
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await Promise.allSettled(this.loops);
    this.options.client.destroy();
  }

  /**
   * Resolves when nothing is running and SQS counts no message on two readings in a row. One zero is not
   * enough: SQS's counters are approximate, and moto computes each one at its own instant, so a message whose
   * visibility timeout ends between the two counts is counted by neither.
   */
  async idle(): Promise<void> {
    let zeroReadings = 0;
    for (;;) {
      if (this.running === 0 && (await this.depth()) === 0 && this.running === 0) zeroReadings += 1;
      else zeroReadings = 0;
      if (zeroReadings === IDLE_ZERO_READINGS) return;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  stats() {
    return { queued: this.visible, running: this.running };
  }

  /** Visible, in-flight and delayed messages (SQS's approximate counters). */
  private async depth(): Promise<number> {
    const { Attributes = {} } = await this.options.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    this.visible = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    return (
      this.visible +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let messages: Message[];
      try {
        const received = await this.options.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.options.url,
            MaxNumberOfMessages: this.options.batchSize,
            WaitTimeSeconds: WAIT_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (this.stopped) return;
        logger.warn('SQS receive failed; retrying', {
          queue: this.options.queue,
          error: (error as Error).message,
        });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      this.running += messages.length;
      try {
        await this.deliver(messages);
      } finally {
        this.running -= messages.length;
      }
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const records = messages.map((message) => this.record(message));
    let failures: Map<string, ItemFailure>;
    try {
      failures = await this.options.process(records);
    } catch (error) {
      logger.warn('SQS batch failed: its messages return after the visibility timeout', {
        queue: this.options.queue,
        error: (error as Error).message,
      });
      return;
    }
    const done = messages.filter((message) => !failures.has(message.MessageId!));
    if (done.length === 0) return;
    // Deleted even when the poller is stopping: the work is done, a redelivery would only repeat it.
    const result = await this.options.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.options.url,
        Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
      }),
    );
    if (result.Failed?.length)
      logger.warn('SQS delete failed for some messages: they will be delivered again', {
        queue: this.options.queue,
        failed: result.Failed.map((f) => f.Message ?? f.Code),
      });
  }

  private record(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.options.region,
    };
  }
}
