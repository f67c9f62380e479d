import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './client';
import { keys } from './keys';
import { deleteKeys, queryAll } from './queries';

/** A queued message of the local stage's in-process queue (the SQS record fields the workflow reads). */
export interface LocalQueuedMessage {
  messageId: string;
  body: string;
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

/**
 * Local stage only: where the in-process queue parks messages on shutdown (so `npm start` loses no queued work)
 * and keeps its dead-letter list (the SQS DLQ's stand-in, with the cause SQS cannot carry).
 */
export class LocalQueueStore {
  async park(queue: string, messages: LocalQueuedMessage[]): Promise<void> {
    for (const message of messages)
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.localQueued(queue, message.messageId), ...message },
        }),
      );
  }

  /** Takes the parked messages out (read then delete): they go back to the in-memory queue. */
  async unpark(queue: string): Promise<LocalQueuedMessage[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.localQueuedPrefix(queue) },
      ConsistentRead: true,
    });
    await deleteKeys(items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
    return items.map(({ messageId, body, receiveCount, enqueuedAt }) => ({
      messageId: messageId as string,
      body: body as string,
      receiveCount: Number(receiveCount),
      enqueuedAt: enqueuedAt as string,
    }));
  }

  async deadLetter(letter: LocalDeadLetter): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.localDeadLetter(letter.queue, letter.failedAt, letter.messageId), ...letter },
      }),
    );
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

  async removeDeadLetter(letter: LocalDeadLetter): Promise<void> {
    await dynamo().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.localDeadLetter(letter.queue, letter.failedAt, letter.messageId),
      }),
    );
  }
}
