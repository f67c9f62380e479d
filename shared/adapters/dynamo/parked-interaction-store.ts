import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { ParkedInteractionStore } from '../../services/account-health/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { decodeCursor, encodeCursor } from './queries';

const PAGE = 100;

export class DynamoParkedInteractionStore implements ParkedInteractionStore {
  constructor(private readonly table: DynamoTable) {}

  async park(message: IncomingMessage, at: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.parkedInteraction(message.workspaceId, message.accountId, message.dedupeKey),
          type: 'parkedInteraction',
          parkedAt: at,
          message,
        },
      }),
    );
  }

  async unpark(workspaceId: string, accountId: string, dedupeKey: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.parkedInteraction(workspaceId, accountId, dedupeKey),
      }),
    );
  }

  async list(workspaceId: string, accountId: string, cursor?: string) {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.parkedPrefix(accountId) },
        Limit: PAGE,
        ConsistentRead: true,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => item.message as IncomingMessage),
      nextCursor: encodeCursor(page.LastEvaluatedKey),
    };
  }
}
