import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkedInGuardStore, SendRecordState } from '../../services/linkedin/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import { addWithin, subtractOne } from './counters';
import * as keys from './keys';

const TWO_DAYS = 2 * 24 * 3600;
const THIRTY_DAYS = 30 * 24 * 3600;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The per-account safety items, all single-item conditional writes (no transactions, dynalite lacks them):
 *
 *   lease      LILEASE#<account>   put if absent or expired   → one browser session per account at a time
 *   counter    LIDAY#<account>#day ADD 1 if count < limit      → daily action limit
 *   send       LISEND#<key>        put if absent               → a send job types its message at most once
 *
 *   send record timeline:  begin (sending) ──browser sends──▶ complete (sent, LinkedIn's message id)
 *                                 └── certainly not sent (page error before the click) ──▶ abandon (deleted)
 *   A record still "sending" when a redelivery arrives is in doubt: the processor reads the thread to decide.
 */
export class DynamoLinkedInGuardStore implements LinkedInGuardStore {
  constructor(private readonly table: DynamoTable) {}

  async acquireLease(
    workspaceId: string,
    accountId: string,
    holder: string,
    now: Date,
    ttlSeconds: number,
  ): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.linkedinLease(workspaceId, accountId),
            type: 'linkedinLease',
            holder,
            expiresAt: epoch(now) + ttlSeconds,
            ttl: epoch(now) + ttlSeconds + 3600,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': epoch(now), ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(workspaceId: string, accountId: string, holder: string): Promise<void> {
    await this.table.client
      .send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.linkedinLease(workspaceId, accountId),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  tryCountAction(
    workspaceId: string,
    accountId: string,
    day: string,
    limit: number,
  ): Promise<number | undefined> {
    return addWithin(
      this.table,
      keys.linkedinDailyActions(workspaceId, accountId, day),
      1,
      limit,
      epoch(new Date()) + TWO_DAYS,
    );
  }

  uncountAction(workspaceId: string, accountId: string, day: string): Promise<void> {
    return subtractOne(this.table, keys.linkedinDailyActions(workspaceId, accountId, day));
  }

  async actionsOn(workspaceId: string, accountId: string, day: string): Promise<number> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.linkedinDailyActions(workspaceId, accountId, day),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.count ?? 0);
  }

  async beginSend(
    workspaceId: string,
    idempotencyKey: string,
    jobId: string,
    now: Date,
  ): Promise<SendRecordState> {
    const key = keys.linkedinSend(workspaceId, idempotencyKey);
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...key,
            type: 'linkedinSend',
            state: 'sending',
            jobId,
            startedAt: now.toISOString(),
            ttl: epoch(now) + THIRTY_DAYS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { state: 'started' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }),
    );
    if (Item?.state === 'sent') return { state: 'sent', messageId: Item.messageId as string };
    return { state: 'in_doubt', startedAt: (Item?.startedAt as string) ?? now.toISOString() };
  }

  async completeSend(
    workspaceId: string,
    idempotencyKey: string,
    messageId: string,
    now: Date,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.linkedinSend(workspaceId, idempotencyKey),
        UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': now.toISOString() },
      }),
    );
  }

  async abandonSend(workspaceId: string, idempotencyKey: string): Promise<void> {
    await this.table.client
      .send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.linkedinSend(workspaceId, idempotencyKey),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }
}
