import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueMessage, QueueName, QueuePublisher } from '../../services/queue/ports';

/**
 * SendMessageBatch, 10 entries at a time (SQS's limit); entries SQS reports as failed are re-sent with backoff,
 * and a batch that still fails throws, so the caller (a webhook) answers non-2xx and the provider redelivers. A
 * queue that does not exist is named in the error (a wrong or missing URL in the stage's configuration).
 */
export class SqsPublisher implements QueuePublisher {
  constructor(
    private readonly client: SQSClient,
    private readonly urls: Record<QueueName, string | undefined>,
  ) {}

  async publish(queue: QueueName, messages: QueueMessage[]): Promise<void> {
    const url = this.urls[queue];
    if (!url) throw new Error(`No URL configured for queue ${queue}`);
    for (let i = 0; i < messages.length; i += 10) {
      let entries = messages
        .slice(i, i + 10)
        .map((m, n) => ({ Id: `m${i + n}`, MessageBody: JSON.stringify(m.body) }));
      for (let attempt = 0; entries.length > 0; attempt++) {
        if (attempt === 4) throw new Error(`SQS rejected ${entries.length} message(s) for ${queue}`);
        const result = await this.client
          .send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }))
          .catch((error: Error) => {
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html#API_SendMessageBatch_Errors
            if (error.name === 'QueueDoesNotExist')
              throw new Error(`The ${queue} queue does not exist: ${url}`, { cause: error });
            throw error;
          });
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
