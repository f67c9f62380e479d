import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification, NotificationStore } from '../../services/notifications/ports';
import {
  type CursorBinding,
  decodeListCursor,
  dynamoKeyOf,
  encodeListCursor,
} from '../../services/pagination/list-cursor';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

/** The notification list's cursor: a notification's table key in this workspace. */
const cursorOf = (workspaceId: string): CursorBinding<Record<string, string>> => ({
  list: 'notifications',
  workspaceId,
  accepts: dynamoKeyOf(['pk', 'sk'], { pk: keys.ws(workspaceId) }, (key) =>
    (key.sk ?? '').startsWith(keys.notificationPrefix()),
  ),
});

const NINETY_DAYS = 90 * 24 * 3600;
const toNotification = (item: Record<string, unknown>): Notification => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  kind: item.kind as Notification['kind'],
  title: item.title as string,
  body: item.body as string,
  accountId: (item.accountId as string | null) ?? null,
  leadId: (item.leadId as string | null | undefined) ?? null,
  createdAt: item.createdAt as string,
  readAt: (item.readAt as string | null) ?? null,
});

export class DynamoNotificationStore implements NotificationStore {
  constructor(private readonly table: DynamoTable) {}

  async putOnce(notification: Notification, dedupeKey: string): Promise<boolean> {
    const ttl = Math.floor(Date.parse(notification.createdAt) / 1000) + NINETY_DAYS;
    try {
      // The claim first: a crash between the two writes loses one notification rather than repeating it forever.
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.notificationDedupe(notification.workspaceId, dedupeKey),
            type: 'notificationClaim',
            id: notification.id,
            ttl,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    const { readAt: _unread, ...stored } = notification;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.notification(notification.workspaceId, notification.id),
          type: 'notification',
          ...stored,
          ttl,
        },
      }),
    );
    return true;
  }

  async list(
    workspaceId: string,
    options: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
  ) {
    const cursor = cursorOf(workspaceId);
    const start = decodeListCursor(cursor, options.cursor);
    const items: Notification[] = [];
    let exclusiveStart = start;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.notificationPrefix() },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: exclusiveStart,
        }),
      );
      for (const item of page.Items ?? []) {
        const notification = toNotification(item);
        if (!options.unreadOnly || notification.readAt === null) items.push(notification);
        if (items.length === options.limit) {
          return {
            items,
            nextCursor: encodeListCursor(cursor, { pk: item.pk as string, sk: item.sk as string }),
          };
        }
      }
      exclusiveStart = page.LastEvaluatedKey;
    } while (exclusiveStart);
    return { items, nextCursor: null };
  }

  async markRead(workspaceId: string, id: string, at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.notification(workspaceId, id),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
