import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyScope } from '../../domain/api-keys/api-key';
import type { ApiKeyRecord, ApiKeyStore } from '../../services/api-keys/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { deleteKeys, queryAll } from './queries';

const toRecord = (item: Record<string, unknown>): ApiKeyRecord => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  name: item.name as string,
  scope: item.scope as ApiKeyScope,
  secretHash: item.secretHash as string,
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
  lastUsedAt: (item.lastUsedAt as string | undefined) ?? null,
  revokedAt: (item.revokedAt as string | undefined) ?? null,
});

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(private readonly table: DynamoTable) {}

  async create(record: ApiKeyRecord): Promise<void> {
    const { lastUsedAt: _used, revokedAt: _revoked, ...fields } = record;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.apiKey(record.id),
          ...keys.apiKeyOfWorkspace(record.workspaceId, record.createdAt, record.id),
          type: 'apiKey',
          ...fields,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.apiKey(keyId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async listOfWorkspace(workspaceId: string): Promise<ApiKeyRecord[]> {
    // Bounded: at most MAX_ACTIVE_KEYS_PER_WORKSPACE active keys, plus the revoked ones the owner kept.
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKeysOfWorkspace(workspaceId) },
      ScanIndexForward: false,
    });
    return items.map(toRecord);
  }

  /** Deletes every key of the workspace (its deletion): the key items live outside the workspace's partition. */
  async removeAllOf(workspaceId: string): Promise<number> {
    const records = await this.listOfWorkspace(workspaceId);
    // Only keys of this workspace: the index is eventually consistent, the item's own field is not.
    const own = records.filter((record) => record.workspaceId === workspaceId);
    await deleteKeys(
      this.table,
      own.map((record) => keys.apiKey(record.id)),
    );
    return own.length;
  }

  async revoke(workspaceId: string, keyId: string, at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.apiKey(keyId),
          // The first revocation time stays; a key of another workspace is "not found".
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk) AND workspaceId = :ws',
          ExpressionAttributeValues: { ':at': at, ':ws': workspaceId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async touch(keyId: string, at: string, staleBefore: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.apiKey(keyId),
          UpdateExpression: 'SET lastUsedAt = :at',
          // ISO 8601 UTC strings of one format compare in time order.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
          ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
        }),
      );
    } catch (error) {
      // Another request of the same minute recorded it first: nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
