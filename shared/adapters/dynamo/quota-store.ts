import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaStore } from '../../services/quota/ports';
import { dynamo, tableName } from './client';
import { addWithin, subtractOne } from './counters';
import { keys } from './keys';

const TWO_DAYS = 2 * 24 * 3600;

export class DynamoQuotaStore implements QuotaStore {
  tryConsume(workspaceId: string, day: string, limit: number | null): Promise<number | undefined> {
    return addWithin(keys.quotaDay(workspaceId, day), 1, limit, Math.floor(Date.now() / 1000) + TWO_DAYS);
  }

  release(workspaceId: string, day: string): Promise<void> {
    return subtractOne(keys.quotaDay(workspaceId, day));
  }

  async used(workspaceId: string, day: string): Promise<number> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.quotaDay(workspaceId, day), ConsistentRead: true }),
    );
    return Number(Item?.count ?? 0);
  }
}
