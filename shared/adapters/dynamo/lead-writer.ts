import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadWriter, StoredLead } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { fromLeadItem, toLeadItem } from './lead-items';

const MAX_CONFLICT_RETRIES = 8;

const toStored = (item: Record<string, unknown>): StoredLead => {
  const lead = fromLeadItem(item) as StoredLead;
  lead.countedKeys = Array.isArray(item.countedKeys) ? (item.countedKeys as string[]) : [];
  return lead;
};

/**
 * The pipeline's lead writer. A lead's GSI keys depend on its score, status and last interaction, so every write
 * is a whole-item put through toLeadItem, guarded by an optimistic check on updatedAt (no transactions): a
 * concurrent writer (another delivery, the dashboard) makes the put fail and the change is re-applied on top.
 */
export class DynamoLeadWriter implements LeadWriter {
  constructor(private readonly table: DynamoTable) {}

  async get(workspaceId: string, leadId: string): Promise<StoredLead | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.lead(workspaceId, leadId),
        ConsistentRead: true,
      }),
    );
    return Item ? toStored(Item) : undefined;
  }

  async upsert(
    workspaceId: string,
    leadId: string,
    change: (current: StoredLead | undefined) => StoredLead | undefined,
  ): Promise<StoredLead | undefined> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(workspaceId, leadId);
      const next = change(current);
      if (!next) return current;
      const { countedKeys, ...lead } = next;
      try {
        await this.table.client.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...toLeadItem(lead), countedKeys },
            ...(current
              ? {
                  ConditionExpression: 'updatedAt = :seen',
                  ExpressionAttributeValues: { ':seen': current.updatedAt },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return next;
      } catch (error) {
        if (!isConditionalCheckFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * Math.random()));
      }
    }
  }
}
