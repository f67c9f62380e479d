import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Knowledge } from '../../domain/knowledge/knowledge';
import type { DynamoTable } from './client';
import * as keys from './keys';

/** One item per workspace under WS#<id>, so deleting the workspace's partition deletes it. */
export class DynamoKnowledgeStore {
  constructor(private readonly table: DynamoTable) {}

  async get(workspaceId: string): Promise<Knowledge | null> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.knowledge(workspaceId),
        ConsistentRead: true,
      }),
    );
    return (Item?.knowledge as Knowledge | undefined) ?? null;
  }

  async put(workspaceId: string, knowledge: Knowledge, updatedAt: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.knowledge(workspaceId), type: 'knowledge', knowledge, updatedAt },
      }),
    );
  }
}
