import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import type { ItemKey } from './keys';

/**
 * The one counter mechanism of the table (DM quota, LinkedIn daily actions, provider API units, AI and API rate
 * windows): a single UpdateItem that ADDs `amount` to a number attribute only while the total stays within
 * `limit`, so concurrent callers can never exceed it (no read, no transaction), on an item that TTL removes at
 * `expiresAt` (epoch seconds; set once, by the first add). Returns the new total, or undefined when the limit
 * refused the add. `limit: null` counts without a limit.
 */
export async function addWithin(
  table: DynamoTable,
  key: ItemKey,
  amount: number,
  limit: number | null,
  expiresAt: number,
  attribute = 'count',
): Promise<number | undefined> {
  if (limit !== null && amount > limit) return undefined;
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'ADD #n :amount SET #ttl = if_not_exists(#ttl, :ttl)',
        ...(limit === null ? {} : { ConditionExpression: 'attribute_not_exists(#n) OR #n <= :room' }),
        ExpressionAttributeNames: { '#n': attribute, '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':amount': amount,
          ':ttl': expiresAt,
          ...(limit === null ? {} : { ':room': limit - amount }),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.[attribute] ?? 0);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/** Gives one back, never below zero: releasing a unit that was never counted changes nothing. */
export async function subtractOne(table: DynamoTable, key: ItemKey, attribute = 'count'): Promise<void> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'ADD #n :minus',
        ConditionExpression: '#n > :zero',
        ExpressionAttributeNames: { '#n': attribute },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
