import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaUnitLedger } from '../../services/youtube/ports';
import { dynamo, tableName } from './client';
import { addWithin } from './counters';
import { keys } from './keys';

const TWO_DAYS = 2 * 24 * 3600;

/**
 * Provider API units per workspace and day, one item per day: a conditional ADD keeps the total within the
 * limit without a read-modify-write race (no transactions needed). The item expires by TTL after two days.
 */
export class DynamoProviderUnitsStore implements QuotaUnitLedger {
  constructor(private readonly provider: string) {}

  async tryConsume(workspaceId: string, day: string, units: number, limit: number): Promise<boolean> {
    const key = keys.providerUnitsDay(workspaceId, this.provider, day);
    return (
      (await addWithin(key, units, limit, Math.floor(Date.now() / 1000) + TWO_DAYS, 'units')) !== undefined
    );
  }

  async exhaust(workspaceId: string, day: string, limit: number): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.providerUnitsDay(workspaceId, this.provider, day),
        UpdateExpression: 'SET #units = :limit, #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#units': 'units', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':limit': limit, ':ttl': Math.floor(Date.now() / 1000) + TWO_DAYS },
      }),
    );
  }

  async used(workspaceId: string, day: string): Promise<number> {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.providerUnitsDay(workspaceId, this.provider, day),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.units ?? 0);
  }
}
