import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessPublisher } from '../../infra/local/adapters/in-process-queues';
import { LocalQueueStore } from '../../infra/local/adapters/local-queue-store';
import type { ItemFailure } from '../../infra/local/queue-runner';
import { TableQueue } from '../../infra/local/table-queue';
import { dynamo, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { waitFor } from '../support/engine';
import { startTestStage, type TestStage } from '../support/stage';

// A stage with no plugins: the table exists and each test attaches its own queue to `browserLinkedIn`.
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ plugins: [] });
});
afterAll(() => stage.stop());

const QUEUE = 'browserLinkedIn';
const store = new LocalQueueStore();
const publisher = new InProcessPublisher();

/** A consumer the test drives: each record waits until the test settles it. */
function controlledConsumer() {
  const received: SQSRecord[] = [];
  const settle = new Map<string, (failure?: ItemFailure) => void>();
  return {
    received,
    /** Resolves the delivery of the record with this body marker: undefined = success. */
    settle: (marker: string, failure?: ItemFailure) => {
      const record = received.find((r) => r.body.includes(marker) && settle.has(r.receiptHandle));
      if (!record) throw new Error(`no pending delivery of ${marker}`);
      settle.get(record.receiptHandle)!(failure);
      settle.delete(record.receiptHandle);
    },
    process: (records: SQSRecord[]) =>
      new Promise<Map<string, ItemFailure>>((resolve) => {
        const [record] = records;
        received.push(record!);
        settle.set(record!.receiptHandle, (failure) =>
          resolve(failure ? new Map([[record!.messageId, failure]]) : new Map()),
        );
      }),
  };
}

const queueWith = (consumer: ReturnType<typeof controlledConsumer>, maxReceiveCount = 3) =>
  new TableQueue({
    queue: QUEUE,
    concurrency: 2,
    maxReceiveCount,
    redeliveryDelayMs: () => 0,
    process: consumer.process,
  });

const stored = async () => (await store.pending(QUEUE)).sort((a, b) => a.body.localeCompare(b.body));
const failure = { error: 'Boom', cause: 'the job failed' };

describe('Class: TableQueue', () => {
  describe('Method: start (intake)', () => {
    it('stores a message before publish returns, and deletes it once processed', async () => {
      // Prepare
      const consumer = controlledConsumer();
      const queue = queueWith(consumer);
      await queue.start();

      // Act
      await publisher.publish(QUEUE, [{ id: '1', body: { job: 'intake-a' } }]);
      const afterPublish = await stored();
      await waitFor(() => consumer.received.length === 1);
      consumer.settle('intake-a');
      await queue.idle();

      // Assess
      expect(afterPublish.map((m) => JSON.parse(m.body))).toEqual([{ job: 'intake-a' }]);
      expect(await stored()).toEqual([]);
      await queue.stop();
    });
  });

  describe('Method: receive', () => {
    it('writes the receive count as the receive starts and resumes with it after a stop', async () => {
      // Prepare
      const first = controlledConsumer();
      const queue = queueWith(first);
      await queue.start();
      await publisher.publish(QUEUE, [{ id: '1', body: { job: 'resume-b' } }]);
      await waitFor(() => first.received.length === 1);

      // Act: the stage dies while the message is processed (the consumer never settles it)
      const duringReceive = await stored();
      const stopping = queue.stop();
      first.settle('resume-b', failure);
      await stopping;
      const second = controlledConsumer();
      const restarted = queueWith(second);
      await restarted.start();
      await waitFor(() => second.received.length === 1);
      second.settle('resume-b');
      await restarted.idle();

      // Assess
      expect(duringReceive.map((m) => m.receiveCount)).toEqual([1]);
      expect(first.received[0]!.attributes.ApproximateReceiveCount).toBe('1');
      expect(second.received[0]!.attributes.ApproximateReceiveCount).toBe('2');
      expect(second.received[0]!.messageId).toBe(first.received[0]!.messageId);
      expect(await stored()).toEqual([]);
      await restarted.stop();
    });

    it('moves a message to the dead-letter list with its cause after the max receives', async () => {
      // Prepare
      const consumer = controlledConsumer();
      const queue = queueWith(consumer, 2);
      await queue.start();

      // Act
      await publisher.publish(QUEUE, [{ id: '1', body: { job: 'poison-c' } }]);
      await waitFor(() => consumer.received.length === 1);
      consumer.settle('poison-c', failure);
      await waitFor(() => consumer.received.length === 2);
      consumer.settle('poison-c', failure);
      await queue.idle();

      // Assess
      const letters = await store.deadLetters(QUEUE);
      const letter = letters.find((l) => l.body.includes('poison-c'));
      expect(letter).toMatchObject({ queue: QUEUE, receiveCount: 2, error: 'Boom', cause: 'the job failed' });
      expect(await stored()).toEqual([]);
      await queue.stop();
    });

    it('dead-letters, without delivering it, a message whose receives ran out while the stage was down', async () => {
      // Prepare: a message received the maximum number of times, each receive killed mid-way
      await store.append(QUEUE, [
        {
          messageId: 'crash-loop',
          body: '{"job":"crash-d"}',
          receiveCount: 3,
          enqueuedAt: '2026-01-01T00:00:00.000Z',
        },
      ]);
      const consumer = controlledConsumer();
      const queue = queueWith(consumer, 3);

      // Act
      await queue.start();
      await queue.idle();

      // Assess
      expect(consumer.received).toEqual([]);
      const letters = await store.deadLetters(QUEUE);
      expect(letters.find((l) => l.messageId === 'crash-loop')).toMatchObject({
        error: 'ReceivesExhausted',
        receiveCount: 3,
      });
      expect(await stored()).toEqual([]);
      await queue.stop();
    });
  });
});

describe('Class: LocalQueueStore', () => {
  describe('Method: pending', () => {
    it('finishes a dead-letter move a crash interrupted, instead of delivering the message again', async () => {
      // Prepare: the first step of the move (the mark) was written, the letter and the delete were not
      await store.append(QUEUE, [
        {
          messageId: 'half-moved',
          body: '{"job":"move-e"}',
          receiveCount: 3,
          enqueuedAt: '2026-01-01T00:00:00.000Z',
        },
      ]);
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.localQueued(QUEUE, 'half-moved'),
          UpdateExpression: 'SET failedAt = :at, #error = :error, #cause = :cause',
          ExpressionAttributeNames: { '#error': 'error', '#cause': 'cause' },
          ExpressionAttributeValues: { ':at': '2026-01-01T00:05:00.000Z', ':error': 'Boom', ':cause': 'x' },
        }),
      );

      // Act
      const pending = await store.pending(QUEUE);

      // Assess
      expect(pending.map((m) => m.messageId)).not.toContain('half-moved');
      const letters = await store.deadLetters(QUEUE);
      expect(letters.filter((l) => l.messageId === 'half-moved')).toEqual([
        expect.objectContaining({ failedAt: '2026-01-01T00:05:00.000Z', error: 'Boom', receiveCount: 3 }),
      ]);
      expect(await store.received(QUEUE, 'half-moved', 4)).toBe(false);
    });
  });
});
