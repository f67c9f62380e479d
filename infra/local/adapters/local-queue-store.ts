import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  dynamo,
  isConditionalCheckFailed,
  stageTable,
  tableName,
} from '../../../shared/adapters/dynamo/client';
import * as keys from '../../../shared/adapters/dynamo/keys';
import { putItems, queryAll } from '../../../shared/adapters/dynamo/queries';

/** A message of one of the local stage's queues, as stored (the SQS record fields the consumers read). */
export interface LocalQueuedMessage {
  messageId: string;
  /** The body as SQS carries it: a string (the producer's JSON). */
  body: string;
  /** Receives so far (SQS's ApproximateReceiveCount): written when a receive starts, not when it ends. */
  receiveCount: number;
  enqueuedAt: string;
}

export interface LocalDeadLetter extends LocalQueuedMessage {
  queue: string;
  failedAt: string;
  /** Why the last receive failed: the failing step's error name and message. */
  error: string;
  cause: string;
}

/** What a queued item carries once its move to the dead-letter list has begun (see `deadLetter`). */
type Moving = Pick<LocalDeadLetter, 'failedAt' | 'error' | 'cause'>;

const toMessage = (item: Record<string, unknown>): LocalQueuedMessage => ({
  messageId: item.messageId as string,
  body: item.body as string,
  receiveCount: Number(item.receiveCount ?? 0),
  enqueuedAt: item.enqueuedAt as string,
});

/**
 * Local stage only: the write-ahead store of its queues, one item per message, so the local queues keep SQS's
 * guarantee through a crash: a message is stored before the producer's call returns (a webhook's 200), its
 * receive count is written as each receive starts, it is deleted once its consumer finished it, and after the
 * queue's maximum receives it moves to the dead-letter list (the DLQ's stand-in, with the cause SQS cannot carry).
 */
export class LocalQueueStore {
  /** Stores new messages; resolves once every one is written. */
  async append(queue: string, messages: LocalQueuedMessage[]): Promise<void> {
    await putItems(
      stageTable,
      messages.map((message) => ({ ...keys.localQueued(queue, message.messageId), ...message })),
    );
  }

  /**
   * Every stored message not finished yet, with its receive count. Messages whose move to the dead-letter list
   * was interrupted are moved first, so they are not received again.
   */
  async pending(queue: string): Promise<LocalQueuedMessage[]> {
    const items = await queryAll(stageTable, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.localQueuedPrefix(queue) },
      ConsistentRead: true,
    });
    const pending: LocalQueuedMessage[] = [];
    for (const item of items) {
      if (typeof item.failedAt === 'string') {
        const { failedAt, error, cause } = item as unknown as Moving;
        await this.finishMove(queue, { ...toMessage(item), failedAt, error, cause, queue });
        continue;
      }
      pending.push(toMessage(item));
    }
    return pending;
  }

  /**
   * Records the start of a receive (SQS increments the count when it hands a message out). False when the
   * message is no longer queued (finished, or dead-lettered meanwhile): then it must not be processed.
   */
  async received(queue: string, messageId: string, receiveCount: number): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.localQueued(queue, messageId),
          UpdateExpression: 'SET receiveCount = :count',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(failedAt)',
          ExpressionAttributeValues: { ':count': receiveCount },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The consumer finished the message (SQS DeleteMessage). */
  async remove(queue: string, messageId: string): Promise<void> {
    await dynamo().send(
      new DeleteCommand({ TableName: tableName(), Key: keys.localQueued(queue, messageId) }),
    );
  }

  /**
   * Moves a message to the dead-letter list. The local table has no transactions, so the move is made
   * restartable: the queued item is marked first (it is never received again), then the letter is written under
   * a key derived from the mark, then the queued item goes. An interrupted move is finished by `pending`.
   */
  async deadLetter(letter: LocalDeadLetter): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.localQueued(letter.queue, letter.messageId),
        UpdateExpression: 'SET failedAt = :failedAt, #error = :error, #cause = :cause, receiveCount = :count',
        ExpressionAttributeNames: { '#error': 'error', '#cause': 'cause' },
        ExpressionAttributeValues: {
          ':failedAt': letter.failedAt,
          ':error': letter.error,
          ':cause': letter.cause,
          ':count': letter.receiveCount,
        },
      }),
    );
    await this.finishMove(letter.queue, letter);
  }

  private async finishMove(queue: string, letter: LocalDeadLetter): Promise<void> {
    const { messageId, body, receiveCount, enqueuedAt, failedAt, error, cause } = letter;
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.localDeadLetter(queue, failedAt, messageId),
          queue,
          messageId,
          body,
          receiveCount,
          enqueuedAt,
          failedAt,
          error,
          cause,
        },
      }),
    );
    await this.remove(queue, letter.messageId);
  }

  /** Newest first. */
  async deadLetters(queue: string, limit = 100): Promise<LocalDeadLetter[]> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.localDeadLetters(queue) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map(({ pk: _pk, sk: _sk, ...letter }) => letter as LocalDeadLetter);
  }

  /** Messages stored and not finished, and letters in the dead-letter list (the queue depths SQS reports). */
  async depth(queue: string): Promise<{ queued: number; deadLetters: number }> {
    const count = async (pk: string) => {
      let total = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            Select: 'COUNT',
            ExclusiveStartKey,
          }),
        );
        total += page.Count ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return total;
    };
    const [queued, deadLetters] = await Promise.all([
      count(keys.localQueuedPrefix(queue)),
      count(keys.localDeadLetters(queue)),
    ]);
    return { queued, deadLetters };
  }

  /**
   * Puts dead letters back on the queue with a fresh receive count (SQS's DLQ redrive); returns the messages
   * queued again. A redrive interrupted between the two writes leaves the letter listed: redriving it again may
   * deliver it twice, which at-least-once consumers absorb.
   */
  async redrive(queue: string, limit = 1000): Promise<LocalQueuedMessage[]> {
    const letters = await this.deadLetters(queue, limit);
    const messages = letters.map(({ messageId, body, enqueuedAt }) => ({
      messageId,
      body,
      enqueuedAt,
      receiveCount: 0,
    }));
    await this.append(queue, messages);
    for (const letter of letters)
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.localDeadLetter(queue, letter.failedAt, letter.messageId),
        }),
      );
    return messages;
  }
}
