import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkedInJob, LinkedInJobStatus } from '../../domain/linkedin/jobs';
import type { LinkedInJobStore } from '../../services/linkedin/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const ITEM_KEYS = ['pk', 'sk', 'gsi2pk', 'gsi2sk', 'type', 'ttl'];
const NINETY_DAYS = 90 * 24 * 3600;

const toJob = (item: Record<string, unknown>): LinkedInJob => {
  const job = { ...item };
  for (const key of ITEM_KEYS) delete job[key];
  return job as unknown as LinkedInJob;
};

/** LinkedIn jobs: one item per job under the workspace; deferred ones are also indexed by due time (GSI2). */
export class DynamoLinkedInJobStore implements LinkedInJobStore {
  constructor(private readonly table: DynamoTable) {}

  async create(job: LinkedInJob): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.linkedinJob(job.workspaceId, job.id),
            type: 'linkedinJob',
            ttl: Math.floor(Date.parse(job.createdAt) / 1000) + NINETY_DAYS,
            ...job,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(workspaceId: string, jobId: string): Promise<LinkedInJob | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.linkedinJob(workspaceId, jobId),
        ConsistentRead: true,
      }),
    );
    return Item ? toJob(Item) : undefined;
  }

  async update(
    workspaceId: string,
    jobId: string,
    changes: Partial<Pick<LinkedInJob, 'status' | 'reason' | 'runAfter' | 'attempts' | 'result'>>,
  ): Promise<void> {
    const set: Record<string, unknown> = { ...changes, updatedAt: new Date().toISOString() };
    const deferred = changes.status === 'deferred' && changes.runAfter;
    if (deferred) Object.assign(set, keys.linkedinDeferredJob(workspaceId, jobId, changes.runAfter!));
    const entries = Object.entries(set).filter(([, value]) => value !== undefined);
    const leavesDeferral = changes.status !== undefined && changes.status !== 'deferred';
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.linkedinJob(workspaceId, jobId),
        UpdateExpression:
          `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}` +
          (leavesDeferral ? ' REMOVE gsi2pk, gsi2sk' : ''),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#k${i}`, key])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
      }),
    );
  }

  async listDue(nowIso: string, limit: number): Promise<Array<{ workspaceId: string; jobId: string }>> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :due',
        ExpressionAttributeValues: { ':pk': keys.linkedinDeferredPartition(), ':due': `${nowIso}#~` },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({
      workspaceId: item.workspaceId as string,
      jobId: item.id as string,
    }));
  }

  async claimDeferred(workspaceId: string, jobId: string, updatedAt: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.linkedinJob(workspaceId, jobId),
          UpdateExpression: 'SET #status = :queued, updatedAt = :at REMOVE gsi2pk, gsi2sk',
          ConditionExpression: '#status = :deferred',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':deferred': 'deferred', ':at': updatedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async setStatus(
    workspaceId: string,
    jobId: string,
    status: LinkedInJobStatus,
    updatedAt: string,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.linkedinJob(workspaceId, jobId),
        UpdateExpression: 'SET #status = :status, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': updatedAt },
      }),
    );
  }
}
