import {
  GetQueueAttributesCommand,
  type GetQueueAttributesCommandOutput,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsQueuePoller } from '../../../infra/local/sqs-queue-poller';

/**
 * An SQS client that answers the queue's counters from a script, one reading per GetQueueAttributes call, and
 * holds every ReceiveMessage open until it is aborted (an empty long poll).
 */
function scriptedCounters(readings: Array<{ visible: number; notVisible: number }>) {
  let read = 0;
  const client = {
    send: async (command: unknown, options?: { abortSignal?: AbortSignal }) => {
      if (command instanceof GetQueueAttributesCommand) {
        const names = command.input.AttributeNames ?? [];
        if (names.includes('QueueArn'))
          return {
            Attributes: { QueueArn: 'arn:aws:sqs:eu-west-3:123456789012:q' },
          } as GetQueueAttributesCommandOutput;
        const reading = readings[Math.min(read, readings.length - 1)]!;
        read += 1;
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(reading.visible),
            ApproximateNumberOfMessagesNotVisible: String(reading.notVisible),
            ApproximateNumberOfMessagesDelayed: '0',
          },
        } as GetQueueAttributesCommandOutput;
      }
      if (command instanceof ReceiveMessageCommand)
        return new Promise((_, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      throw new Error(`unexpected command ${(command as object).constructor.name}`);
    },
    destroy: () => {},
  };
  return { client: client as unknown as SQSClient, readings: () => read };
}

describe('Class: SqsQueuePoller', () => {
  describe('Method: idle', () => {
    it('does not call the queue drained on one zero reading: a message between two counters is counted by neither', async () => {
      // Prepare: the first reading misses a message whose visibility timeout ended between two counters
      // (moto computes each counter at its own instant); the next one sees it, then it is gone for good.
      const sqs = scriptedCounters([
        { visible: 0, notVisible: 0 },
        { visible: 1, notVisible: 0 },
        { visible: 0, notVisible: 0 },
        { visible: 0, notVisible: 0 },
      ]);
      const poller = new SqsQueuePoller({
        queue: 'incomingMessages',
        url: 'http://sqs.local/123456789012/q',
        client: sqs.client,
        region: 'eu-west-3',
        batchSize: 10,
        concurrency: 1,
        process: async () => new Map(),
      });
      await poller.start();

      // Act
      await poller.idle();
      await poller.stop();

      // Assess: drained only after the two zero readings that follow the message
      expect(sqs.readings()).toBe(4);
    });
  });
});
