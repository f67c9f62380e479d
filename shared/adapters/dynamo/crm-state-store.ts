import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CrmName, CrmOutboxEntry, CrmStateStore, LeadCrmState } from '../../services/crm/ports';
import { dynamo, isConditionalCheckFailed, tableName } from './client';
import { keys } from './keys';

const toEntry = (item: Record<string, unknown>): CrmOutboxEntry => ({
  workspaceId: item.workspaceId as string,
  crm: item.crm as CrmName,
  leadId: item.leadId as string,
  attempts: Number(item.attempts ?? 0),
  nextAttemptAt: item.nextAttemptAt as string,
});

export class DynamoCrmStateStore implements CrmStateStore {
  /**
   * Sets `crm.<name>` on the lead without touching anything else (the pipeline writes the other fields).
   * A lead written before it had a `crm` map gets one first; a deleted lead is left alone.
   */
  async recordState(workspaceId: string, leadId: string, crm: CrmName, state: LeadCrmState): Promise<void> {
    const key = keys.lead(workspaceId, leadId);
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
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
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
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
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.crmOutbox(workspaceId, crm, leadId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEntry(Item) : undefined;
  }

  async putOutbox(entry: CrmOutboxEntry): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
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
    await dynamo().send(
      new DeleteCommand({ TableName: tableName(), Key: keys.crmOutbox(workspaceId, crm, leadId) }),
    );
  }

  async dueOutbox(now: string, limit: number): Promise<CrmOutboxEntry[]> {
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.crmOutboxPartition(), ':now': `${now}\uffff` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toEntry);
  }
}
