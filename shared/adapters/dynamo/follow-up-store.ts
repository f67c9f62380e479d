import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowUp, FollowUpStatus, FollowUpStore } from '../../services/engine/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const STORAGE = ['pk', 'sk', 'gsi2pk', 'gsi2sk', 'type'];
const toFollowUp = (item: Record<string, unknown>): FollowUp => {
  const followUp = { ...item };
  for (const key of STORAGE) delete followUp[key];
  return followUp as unknown as FollowUp;
};

export class DynamoFollowUpStore implements FollowUpStore {
  constructor(private readonly table: DynamoTable) {}

  async schedule(followUp: FollowUp): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.followUp(followUp.workspaceId, followUp.dedupeKey),
            ...keys.followUpDue(followUp.dueAt, followUp.workspaceId, followUp.dedupeKey),
            type: 'followUp',
            ...followUp,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async due(now: string, limit: number): Promise<FollowUp[]> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
        ExpressionAttributeValues: { ':pk': keys.followUpsDue(), ':until': `${now}#\uffff` },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(toFollowUp);
  }

  async reschedule(followUp: FollowUp, dueAt: string, reason: string): Promise<void> {
    const due = keys.followUpDue(dueAt, followUp.workspaceId, followUp.dedupeKey);
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.followUp(followUp.workspaceId, followUp.dedupeKey),
        UpdateExpression:
          'SET dueAt = :dueAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, reason = :reason, updatedAt = :now',
        ExpressionAttributeValues: {
          ':dueAt': dueAt,
          ':gsi2pk': due.gsi2pk,
          ':gsi2sk': due.gsi2sk,
          ':reason': reason,
          ':now': new Date().toISOString(),
        },
      }),
    );
  }

  async close(
    followUp: FollowUp,
    status: Exclude<FollowUpStatus, 'scheduled'>,
    reason: string,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.followUp(followUp.workspaceId, followUp.dedupeKey),
        // Leaving the sparse GSI is what takes it off the due list.
        UpdateExpression: 'SET #status = :status, reason = :reason, updatedAt = :now REMOVE gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':reason': reason, ':now': new Date().toISOString() },
      }),
    );
  }
}
