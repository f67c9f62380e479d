import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MetaUserIndex } from '../../services/meta/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { queryAll } from './queries';

/** The accounts one Meta user connected (keys.metaUserLink), for Meta's callbacks: one Query, no Scan. */

export class DynamoMetaUserIndex implements MetaUserIndex {
  constructor(private readonly table: DynamoTable) {}

  async link(metaUserId: string, workspaceId: string, accountId: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.metaUserLink(metaUserId, workspaceId, accountId),
          type: 'metaUserLink',
          workspaceId,
          accountId,
        },
      }),
    );
  }

  async accountsOf(metaUserId: string): Promise<Array<{ workspaceId: string; accountId: string }>> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.metaUserLinks(metaUserId) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      workspaceId: item.workspaceId as string,
      accountId: item.accountId as string,
    }));
  }

  async unlink(metaUserId: string, workspaceId: string, accountId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.metaUserLink(metaUserId, workspaceId, accountId),
      }),
    );
  }
}
