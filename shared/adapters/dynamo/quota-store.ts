import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaStore } from '../../services/quota/ports';
import type { DynamoTable } from './client';
import { addWithin, subtractOne } from './counters';
import * as keys from './keys';

const TWO_DAYS = 2 * 24 * 3600;

export class DynamoQuotaStore implements QuotaStore {
  constructor(private readonly table: DynamoTable) {}

  tryConsume(workspaceId: string, day: string, limit: number | null): Promise<number | undefined> {
    return addWithin(
      this.table,
      keys.quotaDay(workspaceId, day),
      1,
      limit,
      Math.floor(Date.now() / 1000) + TWO_DAYS,
    );
  }

  release(workspaceId: string, day: string): Promise<void> {
    return subtractOne(this.table, keys.quotaDay(workspaceId, day));
  }

  async used(workspaceId: string, day: string): Promise<number> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.quotaDay(workspaceId, day),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.count ?? 0);
  }
}
