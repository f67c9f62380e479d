import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AiBudgetStore, AiMonthUsage } from '../../services/ai/ai-budget';
import type { TokenUsage } from '../../services/ai/ports';
import type { DynamoTable } from './client';
import { addWithin } from './counters';
import * as keys from './keys';

/**
 * One item per workspace and month (`AIBUDGET#2026-12`): `reserved` is compared with the budget by the one
 * conditional ADD of the counters module (no read-then-write race across Lambdas); the usage attributes only
 * ever grow. TTL removes the item a month after its month.
 */
export class DynamoAiBudgetStore implements AiBudgetStore {
  constructor(private readonly table: DynamoTable) {}

  reserve(workspaceId: string, month: string, tokens: number, limit: number, expiresAt: number) {
    return addWithin(
      this.table,
      keys.aiBudgetMonth(workspaceId, month),
      tokens,
      limit,
      expiresAt,
      'reserved',
    ).then((total) => total !== undefined);
  }

  async settle(workspaceId: string, month: string, reservedDelta: number, usage: TokenUsage | null) {
    const billed = usage ? usage.promptTokens + usage.completionTokens : 0;
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.aiBudgetMonth(workspaceId, month),
        UpdateExpression: usage
          ? 'ADD reserved :delta, usedTokens :billed, promptTokens :prompt, completionTokens :completion, calls :one'
          : 'ADD reserved :delta',
        // Settles only what a reserve created: a stray settle never creates an item without its TTL.
        ConditionExpression: 'attribute_exists(reserved)',
        ExpressionAttributeValues: {
          ':delta': reservedDelta,
          ...(usage
            ? {
                ':billed': billed,
                ':prompt': usage.promptTokens,
                ':completion': usage.completionTokens,
                ':one': 1,
              }
            : {}),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const usedAfter = Number(Attributes?.usedTokens ?? 0);
    return { usedBefore: usedAfter - billed, usedAfter };
  }

  async read(workspaceId: string, month: string): Promise<AiMonthUsage> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.aiBudgetMonth(workspaceId, month),
        ConsistentRead: true,
      }),
    );
    const n = (name: string) => Number(Item?.[name] ?? 0);
    return {
      reservedTokens: n('reserved'),
      usedTokens: n('usedTokens'),
      promptTokens: n('promptTokens'),
      completionTokens: n('completionTokens'),
      calls: n('calls'),
    };
  }
}
