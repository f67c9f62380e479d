import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AiResponseCache } from '../../services/ai/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';

/**
 * Model answers cached per workspace, keyed by prompt version + sha256 of the rendered input. Items carry a
 * `ttl` (epoch seconds) that DynamoDB expires in AWS; since TTL deletion lags (and dynalite never deletes),
 * an expired item is also ignored on read.
 */
export class DynamoAiResponseCache implements AiResponseCache {
  constructor(
    private readonly table: DynamoTable,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(workspaceId: string, promptVersion: string, inputHash: string): Promise<unknown | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.aiCache(workspaceId, promptVersion, inputHash),
      }),
    );
    if (!Item || typeof Item.output !== 'string') return undefined;
    if (Number(Item.ttl ?? 0) <= Math.floor(this.now() / 1000)) return undefined;
    return JSON.parse(Item.output);
  }

  async put(workspaceId: string, promptVersion: string, inputHash: string, value: unknown): Promise<void> {
    const nowMs = this.now();
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.aiCache(workspaceId, promptVersion, inputHash),
          type: 'AI_CACHE',
          // A JSON string: the structured output round-trips exactly (nulls included).
          output: JSON.stringify(value),
          createdAt: new Date(nowMs).toISOString(),
          ttl: Math.floor(nowMs / 1000) + this.ttlSeconds,
        },
      }),
    );
  }
}
