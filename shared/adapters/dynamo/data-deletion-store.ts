import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DataDeletionRecord, DataDeletionStore } from '../../services/meta/data-rights-service';
import type { DynamoTable } from './client';
import * as keys from './keys';

/** Meta data deletion requests by confirmation code (public status page). A replay rewrites the same item. */
export class DynamoDataDeletionStore implements DataDeletionStore {
  constructor(private readonly table: DynamoTable) {}

  async put(record: DataDeletionRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.dataDeletionRequest(record.code), type: 'dataDeletionRequest', ...record },
      }),
    );
  }

  async get(code: string): Promise<DataDeletionRecord | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.dataDeletionRequest(code),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      code: Item.code as string,
      status: Item.status as DataDeletionRecord['status'],
      requestedAt: Item.requestedAt as string,
      completedAt: (Item.completedAt as string | null) ?? null,
      accountsDisconnected: Item.accountsDisconnected as number,
    };
  }
}
