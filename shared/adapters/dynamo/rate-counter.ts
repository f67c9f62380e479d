import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '../../services/rate-limit/ports';
import { dynamo, tableName } from './client';
import { keys } from './keys';

/**
 * One unconditional UpdateItem (ADD) per subject and request: no read, no condition to fail, a tiny item that TTL
 * removes after its window. UPDATED_NEW returns the count, so the caller decides without a second call.
 */
export class DynamoRateCounter implements RateCounter {
  async hit(subject: string, windowStart: number, expiresAt: number): Promise<number> {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.rateWindow(subject, windowStart),
        UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? 0);
  }
}
