import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoTable } from './client';

type Item = Record<string, unknown>;

/** Follows LastEvaluatedKey to the end. For bounded partitions only (members, settings), never for leads. */
export async function queryAll(
  table: DynamoTable,
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({ TableName: table.tableName, ...input, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Pages a filtered list reads per request at most; the cursor resumes where the last page stopped. */
const MAX_FILTERED_PAGES = 10;

/**
 * One newest-first page of a list read through a FilterExpression (which drops items after DynamoDB read them):
 * up to `limit` items, reading at most MAX_FILTERED_PAGES pages, each asking only for what is still missing so
 * the last key read is always a valid cursor. `lastKey` is that cursor (undefined at the end).
 */
export async function queryFilteredPage(
  table: DynamoTable,
  input: Omit<QueryCommandInput, 'TableName' | 'FilterExpression' | 'Limit' | 'ExclusiveStartKey'> & {
    /** Joined with AND; none reads the partition unfiltered. */
    conditions: string[];
    limit: number;
    start: Item | undefined;
  },
): Promise<{ items: Item[]; lastKey: Item | undefined }> {
  const { conditions, limit, start, ExpressionAttributeNames: names, ...query } = input;
  const items: Item[] = [];
  let lastKey = start;
  for (let page = 0; page < MAX_FILTERED_PAGES; page++) {
    const result = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        ...query,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(names && Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: lastKey,
      }),
    );
    items.push(...(result.Items ?? []));
    lastKey = result.LastEvaluatedKey;
    if (!lastKey || items.length >= limit) break;
  }
  return { items, lastKey };
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: { pk: string; sk: string } } };

/** BatchWriteItem 25 at a time, re-sending (with a short backoff) whatever DynamoDB reports as unprocessed. */
async function batchWrite(table: DynamoTable, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let batch = requests.slice(i, i + 25);
    for (let attempt = 0; batch.length > 0; attempt++) {
      const result = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: batch } }),
      );
      batch = (result.UnprocessedItems?.[table.tableName] ?? []) as WriteRequest[];
      if (batch.length > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
}

/** Deletes keys in batches (unprocessed ones re-sent). */
export const deleteKeys = (table: DynamoTable, keys: Array<{ pk: string; sk: string }>): Promise<void> =>
  batchWrite(
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );

/** Puts items in batches (unprocessed ones re-sent). */
export const putItems = (table: DynamoTable, items: Item[]): Promise<void> =>
  batchWrite(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );

/** Opaque list cursors: the LastEvaluatedKey, base64url-encoded JSON. Validated by the caller's key prefix. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
