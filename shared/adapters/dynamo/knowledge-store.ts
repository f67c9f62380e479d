import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Knowledge } from '../../domain/knowledge/knowledge';
import { dynamo, tableName } from './client';
import { keys } from './keys';

/** One item per workspace under WS#<id>, so deleting the workspace's partition deletes it. */
export class DynamoKnowledgeStore {
  async get(workspaceId: string): Promise<Knowledge | null> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.knowledge(workspaceId), ConsistentRead: true }),
    );
    return (Item?.knowledge as Knowledge | undefined) ?? null;
  }

  async put(workspaceId: string, knowledge: Knowledge, updatedAt: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.knowledge(workspaceId), type: 'knowledge', knowledge, updatedAt },
      }),
    );
  }
}
