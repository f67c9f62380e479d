import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaStore } from '../../services/quota/ports';
import { dynamo, isConditionalCheckFailed, tableName } from './client';
import { keys } from './keys';

const TWO_DAYS = 2 * 24 * 3600;

export class DynamoQuotaStore implements QuotaStore {
  async tryConsume(workspaceId: string, day: string, limit: number | null): Promise<number | undefined> {
    try {
      const { Attributes } = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.quotaDay(workspaceId, day),
          UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ...(limit === null
            ? {}
            : { ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit' }),
          ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':ttl': Math.floor(Date.now() / 1000) + TWO_DAYS,
            ...(limit === null ? {} : { ':limit': limit }),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.count ?? 0);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async release(workspaceId: string, day: string): Promise<void> {
    await dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.quotaDay(workspaceId, day),
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  async used(workspaceId: string, day: string): Promise<number> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.quotaDay(workspaceId, day), ConsistentRead: true }),
    );
    return Number(Item?.count ?? 0);
  }
}
