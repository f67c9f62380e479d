import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CrmName, CrmOutboxEntry, CrmStateStore, LeadCrmState } from '../../services/crm/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const toEntry = (item: Record<string, unknown>): CrmOutboxEntry => ({
  workspaceId: item.workspaceId as string,
  crm: item.crm as CrmName,
  leadId: item.leadId as string,
  attempts: Number(item.attempts ?? 0),
  nextAttemptAt: item.nextAttemptAt as string,
});

export class DynamoCrmStateStore implements CrmStateStore {
  constructor(private readonly table: DynamoTable) {}

  /**
   * Sets `crm.<name>` on the lead without touching anything else (the pipeline writes the other fields).
   * A lead written before it had a `crm` map gets one first; a deleted lead is left alone.
   */
  async recordState(workspaceId: string, leadId: string, crm: CrmName, state: LeadCrmState): Promise<void> {
    const key = keys.lead(workspaceId, leadId);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'SET #crm.#name = :state',
          ConditionExpression: 'attribute_exists(pk) AND attribute_type(#crm, :map)',
          ExpressionAttributeNames: { '#crm': 'crm', '#name': crm },
          ExpressionAttributeValues: { ':state': state, ':map': 'M' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      try {
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: key,
            UpdateExpression: 'SET #crm = :crm',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#crm)',
            ExpressionAttributeNames: { '#crm': 'crm' },
            ExpressionAttributeValues: { ':crm': { [crm]: state } },
          }),
        );
      } catch (inner) {
        if (!isConditionalCheckFailed(inner)) throw inner;
      }
    }
  }

  async getOutbox(workspaceId: string, crm: CrmName, leadId: string): Promise<CrmOutboxEntry | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.crmOutbox(workspaceId, crm, leadId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEntry(Item) : undefined;
  }

  async putOutbox(entry: CrmOutboxEntry): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.crmOutbox(entry.workspaceId, entry.crm, entry.leadId),
          ...keys.crmOutboxDue(entry.nextAttemptAt, entry.workspaceId, entry.crm, entry.leadId),
          type: 'crmOutbox',
          ...entry,
        },
      }),
    );
  }

  async removeOutbox(workspaceId: string, crm: CrmName, leadId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.crmOutbox(workspaceId, crm, leadId) }),
    );
  }

  async dueOutbox(now: string, limit: number): Promise<CrmOutboxEntry[]> {
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.crmOutboxPartition(), ':now': `${now}\uffff` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toEntry);
  }
}
