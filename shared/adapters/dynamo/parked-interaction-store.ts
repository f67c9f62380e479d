import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { ParkedInteractionStore } from '../../services/account-health/ports';
import { dynamo, tableName } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './queries';

const PAGE = 100;

export class DynamoParkedInteractionStore implements ParkedInteractionStore {
  async park(message: IncomingMessage, at: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
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
    await dynamo().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.parkedInteraction(workspaceId, accountId, dedupeKey),
      }),
    );
  }

  async list(workspaceId: string, accountId: string, cursor?: string) {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
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
