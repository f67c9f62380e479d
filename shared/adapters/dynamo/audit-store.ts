import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../domain/audit/audit-entry';
import type { AuditStore } from '../../services/audit/ports';
import {
  type CursorBinding,
  decodeListCursor,
  dynamoKeyOf,
  encodeListCursor,
} from '../../services/pagination/list-cursor';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';

const cursorOf = (workspaceId: string): CursorBinding<Record<string, string>> => ({
  list: 'audit',
  workspaceId,
  accepts: dynamoKeyOf(['pk', 'sk'], { pk: keys.ws(workspaceId) }, (key) =>
    (key.sk ?? '').startsWith(keys.auditPrefix()),
  ),
});

const toEntry = (item: Record<string, unknown>): AuditEntry => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  at: item.at as string,
  actor: item.actor as AuditEntry['actor'],
  action: item.action as AuditEntry['action'],
  target: item.target as AuditEntry['target'],
  details: (item.details as AuditEntry['details'] | undefined) ?? {},
});

/** Audit entries in their workspace's partition: written once (conditional put), never updated. */
export class DynamoAuditStore implements AuditStore {
  constructor(private readonly table: DynamoTable) {}

  async append(entry: AuditEntry): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.auditEntry(entry.workspaceId, entry.id), type: 'auditEntry', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async list(workspaceId: string, limit: number, cursorValue: string | undefined) {
    const cursor = cursorOf(workspaceId);
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.auditPrefix() },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeListCursor(cursor, cursorValue),
      }),
    );
    return {
      items: (page.Items ?? []).map(toEntry),
      nextCursor: encodeListCursor(cursor, page.LastEvaluatedKey as Record<string, string> | undefined),
    };
  }
}
