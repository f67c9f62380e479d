import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepth, QueueStatsSource } from '../../services/operations/ports';

export interface QueueUrls {
  url: string | undefined;
  deadLetterUrl: string | undefined;
}

/** Queue depths from SQS's approximate counters (GetQueueAttributes on the queue and on its DLQ). */
export class SqsQueueStats implements QueueStatsSource {
  readonly queues: readonly string[];

  constructor(
    private readonly client: SQSClient,
    private readonly urls: Record<string, QueueUrls>,
  ) {
    this.queues = Object.keys(urls);
  }

  async depth(queue: string): Promise<QueueDepth> {
    const urls = this.urls[queue];
    if (!urls?.url) return { queue, configured: false, visible: null, inFlight: null, deadLetter: null };
    const [main, dead] = await Promise.all([
      this.attributes(urls.url),
      urls.deadLetterUrl ? this.attributes(urls.deadLetterUrl) : Promise.resolve(undefined),
    ]);
    return {
      queue,
      configured: true,
      visible: main.visible,
      inFlight: main.inFlight,
      deadLetter: dead ? dead.visible + dead.inFlight : null,
    };
  }

  private async attributes(url: string): Promise<{ visible: number; inFlight: number }> {
    const result = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const attributes = result.Attributes ?? {};
    return {
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }
}
