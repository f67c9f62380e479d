import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  CrmErasureOutcome,
  CrmErasureStore,
  CrmName,
  PendingCrmErasure,
} from '../../services/crm/ports';
import type { ContactErasure } from '../../services/leads/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const toEntry = (item: Record<string, unknown>): PendingCrmErasure => ({
  workspaceId: item.workspaceId as string,
  crm: item.crm as CrmName,
  externalId: item.externalId as string,
  leadId: item.leadId as string,
  attempts: Number(item.attempts ?? 0),
  nextAttemptAt: item.nextAttemptAt as string,
});

/**
 * The queue of CRM records to remove after an erasure: one item per (workspace, CRM, record id) in the workspace's
 * partition, found when due through gsi1 (like the CRM outbox), and the outcome written on the erasure marker.
 */
export class DynamoCrmErasureStore implements CrmErasureStore {
  constructor(private readonly table: DynamoTable) {}

  async add(entry: PendingCrmErasure): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.crmErasure(entry.workspaceId, entry.crm, entry.externalId),
            ...keys.crmErasureDue(entry.nextAttemptAt, entry.workspaceId, entry.crm, entry.externalId),
            type: 'crmErasure',
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async due(now: string, limit: number): Promise<PendingCrmErasure[]> {
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': keys.crmErasurePartition(), ':now': `${now}\uffff` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toEntry);
  }

  async reschedule(entry: PendingCrmErasure, nextAttemptAt: string, attempts: number): Promise<boolean> {
    const due = keys.crmErasureDue(nextAttemptAt, entry.workspaceId, entry.crm, entry.externalId);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.crmErasure(entry.workspaceId, entry.crm, entry.externalId),
          UpdateExpression: 'SET nextAttemptAt = :next, attempts = :attempts, gsi1sk = :sk',
          ConditionExpression: 'nextAttemptAt = :seen',
          ExpressionAttributeValues: {
            ':next': nextAttemptAt,
            ':attempts': attempts,
            ':sk': due.gsi1sk,
            ':seen': entry.nextAttemptAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async finish(entry: PendingCrmErasure, outcome: CrmErasureOutcome): Promise<void> {
    const markerKey = keys.contactErasure(entry.workspaceId, entry.leadId);
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: markerKey, ConsistentRead: true }),
    );
    const index = ((Item?.crm as ContactErasure['crm']) ?? []).findIndex(
      (o) => o.crm === outcome.crm && o.externalId === outcome.externalId,
    );
    if (index >= 0)
      try {
        // One element, checked in place: another run finishing another record of this contact keeps its own.
        // A later erasure of a new lead under the same id lists its own records: the condition leaves it alone.
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: markerKey,
            UpdateExpression: `SET crm[${index}] = :outcome`,
            ConditionExpression: `crm[${index}].crm = :crm AND crm[${index}].externalId = :externalId`,
            ExpressionAttributeValues: {
              ':outcome': outcome,
              ':crm': outcome.crm,
              ':externalId': outcome.externalId,
            },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.crmErasure(entry.workspaceId, entry.crm, entry.externalId),
      }),
    );
  }
}
