import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SendRecord } from '../../domain/delivery/send-record';
import type { DeliveryFilter, DeliveryStore } from '../../services/deliveries/ports';
import {
  type CursorBinding,
  decodeListCursor,
  dynamoKeyOf,
  encodeListCursor,
} from '../../services/pagination/list-cursor';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { queryFilteredPage } from './queries';
import { sendRecordsOfLead, toSendRecord } from './send-record-store';

/** Sort keys are `<ISO time>#<key>`: this bound sorts after every key of the same instant. */
const AFTER_ANY_KEY = '#\uffff';

/** Thread entries `ofLead` reads at most for each delivery it is asked for. */
export const ENTRIES_PER_DELIVERY = 10;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly table: DynamoTable) {}

  async list(workspaceId: string, filter: DeliveryFilter) {
    const partition = keys.deliveriesOfWorkspace(workspaceId);
    // The cursor is gsi1's LastEvaluatedKey: the table key of a send record of this workspace plus its index key.
    const cursor: CursorBinding<Record<string, string>> = {
      list: 'deliveries',
      workspaceId,
      accepts: dynamoKeyOf(['pk', 'sk', 'gsi1pk', 'gsi1sk'], { pk: keys.ws(workspaceId), gsi1pk: partition }),
    };
    const start: Record<string, unknown> | undefined = decodeListCursor(cursor, filter.cursor);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': partition,
      ':from': filter.from ?? '0',
      ':to': `${filter.to ?? '9'}${AFTER_ANY_KEY}`,
    };
    const conditions: string[] = [];
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      conditions.push('#status = :status');
    }
    if (filter.platform) {
      values[':platform'] = filter.platform;
      conditions.push('platform = :platform');
    }
    const { items, lastKey } = await queryFilteredPage(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      conditions,
      limit: filter.limit,
      start,
    });
    return {
      items: items.map(toSendRecord),
      nextCursor: encodeListCursor(cursor, lastKey as Record<string, string> | undefined),
    };
  }

  /**
   * The lead's latest deliveries, newest first: the send records among its thread's entries (the thread holds
   * both directions, so its other entries are filtered out after they are read). At most ENTRIES_PER_DELIVERY ×
   * `limit` entries are read: the callers on the hot path (an echo's own-send check, the funnel's last DM) look
   * for recent sends, and a long run of a person's messages with no reply must not be read to its start.
   */
  async ofLead(workspaceId: string, leadId: string, limit: number): Promise<SendRecord[]> {
    const records: SendRecord[] = [];
    let unread = limit * ENTRIES_PER_DELIVERY;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          ...sendRecordsOfLead(workspaceId, leadId),
          ScanIndexForward: false,
          Limit: Math.min(unread, 2 * limit),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) records.push(toSendRecord(item));
      unread -= page.ScannedCount ?? page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && records.length < limit && unread > 0);
    return records.slice(0, limit);
  }
}
