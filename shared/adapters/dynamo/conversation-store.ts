import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConversationState } from '../../domain/conversations/automation';
import type { ConversationStatus, ThreadMessage } from '../../domain/conversations/conversation';
import {
  blankConversation,
  type ConversationFilter,
  type ConversationRecord,
  type ConversationStore,
  type InboxFields,
  type StoredConversationState,
} from '../../services/conversations/ports';
import {
  type CursorBinding,
  decodeListCursor,
  dynamoKeyOf,
  encodeListCursor,
} from '../../services/pagination/list-cursor';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { DERIVED_FROM, inboundOf, storedInbound } from './last-inbound';
import { queryFilteredPage } from './queries';
import { SEND_RECORD_TYPE, toSendRecord } from './send-record-store';

type Item = Record<string, unknown>;

const READ_PREFIX = 'read#';

/**
 * The inbox, without a Scan. One conversation item per lead (`WS#<ws>` / `CONV#<leadId>`) carries the bot state
 * (written by the automation gate), the inbox fields and three list views:
 *
 *   GET /conversations                    → GSI1 `WS#<ws>#CONVS`                 by lastMessageAt
 *   GET /conversations?status=…           → GSI2 `WS#<ws>#CONVSTATUS#<status>`   by lastMessageAt
 *   GET /conversations?assignee=…|me      → GSI3 `WS#<ws>#CONVASSIGNEE#<user>`   by lastMessageAt (sparse)
 *
 * The most selective key given picks the index (assignee, then status, then all); the other filters (platform,
 * botPaused, unread-for-me, and status on the assignee view) are filter expressions on that one Query, bounded
 * per request with a cursor on the last key read — the leads list's approach. A busy inbox is mostly "my
 * conversations" and "open ones", which are partitions of their own; platform and botPaused are cheap filters
 * on those (a workspace has few platforms, and a paused bot is a state of the conversation, not a queue).
 *
 * The thread is GSI3 `WS#<ws>#THREAD#<leadId>` by `<time>#<id>`: the interaction items (incoming messages and
 * the page's own echoes) and the send records (automatic and human replies) carry it, so one Query returns both
 * directions in order, and a reply's delivery status is the send record's own, never a copy.
 *
 * Inbox fields move under an optimistic `inboxVersion`; the bot state is written by `put` alone and never by
 * `change`, so a pause racing a new message loses neither.
 *
 * `lastInbound` (the message a human reply answers) is stored without what the item already holds (last-inbound.ts):
 * the workspace (the key), the account, platform, author (`contact`) and time (`lastInboundAt`) written beside it,
 * a dedupe key derivable from platform, kind and id, and the nulls and defaults of the message schema. A DM with a
 * short text then keeps the item within one 1 KB write unit (three with the two list indexes that project it)
 * instead of two (six); reads rebuild the same IncomingMessage, also from an item written whole before (what is
 * stored wins over what is derived).
 */
export class DynamoConversationStore implements ConversationStore {
  constructor(private readonly table: DynamoTable) {}

  async get(workspaceId: string, leadId: string): Promise<StoredConversationState | undefined> {
    const item = await this.item(workspaceId, leadId);
    return item
      ? { ...stateOf(item), pausedAt: str(item.pausedAt), lastHumanAt: str(item.lastHumanAt) }
      : undefined;
  }

  async put(workspaceId: string, leadId: string, state: ConversationState, now: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.conversation(workspaceId, leadId),
        UpdateExpression:
          'SET #type = :type, leadId = :leadId, botPaused = :paused, pausedReason = :reason, optedOut = :out, updatedAt = :now' +
          (state.botPaused ? ', pausedAt = :now' : ''),
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'conversation',
          ':leadId': leadId,
          ':paused': state.botPaused,
          ':reason': state.pausedReason,
          ':out': state.optedOut,
          ':now': now,
        },
      }),
    );
  }

  async record(workspaceId: string, leadId: string): Promise<ConversationRecord | undefined> {
    const item = await this.item(workspaceId, leadId);
    return item ? recordOf(workspaceId, leadId, item) : undefined;
  }

  async change(
    workspaceId: string,
    leadId: string,
    change: (current: ConversationRecord | undefined) => Partial<InboxFields> | undefined,
  ): Promise<ConversationRecord | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.item(workspaceId, leadId);
      const current = item ? recordOf(workspaceId, leadId, item) : undefined;
      const changes = change(current);
      if (!changes) return current;
      const next = { ...(current ?? blankConversation(leadId)), ...changes };
      const version = typeof item?.inboxVersion === 'number' ? item.inboxVersion : undefined;
      // lastInbound is stored against the fields beside it (last-inbound.ts): written again whenever one moves.
      const inbound =
        'lastInbound' in changes || (next.lastInbound && DERIVED_FROM.some((name) => name in changes))
          ? { lastInbound: next.lastInbound ? storedInbound(next.lastInbound, workspaceId, next) : null }
          : {};
      const fields: Item = {
        type: 'conversation',
        leadId,
        ...changes,
        ...inbound,
        ...indexKeys(workspaceId, next),
        inboxVersion: (version ?? 0) + 1,
      };
      const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
      // Unassigning removes the sparse assignee view.
      const removes = next.assigneeId || !next.lastMessageAt ? [] : ['gsi3pk', 'gsi3sk'];
      try {
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.conversation(workspaceId, leadId),
            UpdateExpression:
              `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}` +
              (removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''),
            ConditionExpression:
              version === undefined ? 'attribute_not_exists(inboxVersion)' : 'inboxVersion = :version',
            ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
            ExpressionAttributeValues: {
              ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])),
              ...(version === undefined ? {} : { ':version': version }),
            },
          }),
        );
        return { ...next, ...(current ? stateOf(item!) : {}) } as ConversationRecord;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    throw new Error('The conversation kept changing while it was being updated.');
  }

  async markRead(workspaceId: string, leadId: string, userId: string, at: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.conversation(workspaceId, leadId),
          UpdateExpression: 'SET #read = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#read': `${READ_PREFIX}${userId}` },
          ExpressionAttributeValues: { ':at': at },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  async list(workspaceId: string, readerId: string, filter: ConversationFilter) {
    const view = filter.assigneeId
      ? { index: 'gsi3', pk: keys.conversationsOfAssignee(workspaceId, filter.assigneeId) }
      : filter.status
        ? { index: 'gsi2', pk: keys.conversationsByStatus(workspaceId, filter.status) }
        : { index: 'gsi1', pk: keys.conversationsPartition(workspaceId) };
    const [pkName, skName] = [`${view.index}pk`, `${view.index}sk`];
    const cursor: CursorBinding<Record<string, string>> = {
      list: `conversations:${view.index}`,
      workspaceId,
      accepts: dynamoKeyOf(['pk', 'sk', pkName, skName], { pk: keys.ws(workspaceId), [pkName]: view.pk }),
    };
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':pk': view.pk };
    const conditions: string[] = [];
    if (filter.platform) {
      names['#platform'] = 'platform';
      values[':platform'] = filter.platform;
      conditions.push('#platform = :platform');
    }
    if (filter.status && view.index !== 'gsi2') {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      conditions.push('#status = :status');
    }
    if (filter.botPaused !== undefined) {
      values[':paused'] = true;
      conditions.push(
        filter.botPaused
          ? 'botPaused = :paused'
          : '(attribute_not_exists(botPaused) OR botPaused <> :paused)',
      );
    }
    if (filter.unread !== undefined) {
      names['#read'] = `${READ_PREFIX}${readerId}`;
      const unread =
        '(attribute_exists(lastInboundAt) AND (attribute_not_exists(#read) OR #read < lastInboundAt))';
      conditions.push(filter.unread ? unread : `NOT ${unread}`);
    }
    const { items, lastKey } = await queryFilteredPage(this.table, {
      IndexName: view.index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      conditions,
      limit: filter.limit,
      start: decodeListCursor(cursor, filter.cursor),
    });
    return {
      items: items.map((item) => recordOf(workspaceId, String(item.leadId), item)),
      nextCursor: encodeListCursor(cursor, lastKey as Record<string, string> | undefined),
    };
  }

  async thread(
    workspaceId: string,
    leadId: string,
    limit: number,
    cursorValue: string | undefined,
    since: string,
  ) {
    const partition = keys.threadOf(workspaceId, leadId);
    const cursor: CursorBinding<Record<string, string>> = {
      list: `thread:${leadId}`,
      workspaceId,
      accepts: dynamoKeyOf(['pk', 'sk', 'gsi3pk', 'gsi3sk'], { pk: keys.ws(workspaceId), gsi3pk: partition }),
    };
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi3',
        // Sort keys are `<time>#<id>`: the range leaves out what the workspace's retention expired.
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :since',
        ExpressionAttributeValues: { ':pk': partition, ':since': since },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeListCursor(cursor, cursorValue),
      }),
    );
    const messages = (result.Items ?? []).map(threadMessageOf).reverse();
    return {
      messages,
      nextCursor: encodeListCursor(cursor, result.LastEvaluatedKey as Record<string, string> | undefined),
    };
  }

  private async item(workspaceId: string, leadId: string): Promise<Item | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.conversation(workspaceId, leadId),
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}

const stateOf = (item: Item): ConversationState => ({
  botPaused: item.botPaused === true,
  pausedReason: (item.pausedReason as ConversationState['pausedReason']) ?? null,
  optedOut: item.optedOut === true,
});

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function recordOf(workspaceId: string, leadId: string, item: Item): ConversationRecord {
  const readAt: Record<string, string> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith(READ_PREFIX) && typeof value === 'string')
      readAt[name.slice(READ_PREFIX.length)] = value;
  return {
    ...blankConversation(leadId),
    platform: (str(item.platform) as ConversationRecord['platform']) ?? null,
    accountId: str(item.accountId),
    contact: (item.contact as ConversationRecord['contact']) ?? null,
    status: (str(item.status) as ConversationStatus | null) ?? 'open',
    assigneeId: str(item.assigneeId),
    lastMessageAt: str(item.lastMessageAt),
    lastMessageText: str(item.lastMessageText),
    lastInboundAt: str(item.lastInboundAt),
    lastInbound: inboundOf(item, workspaceId),
    lastHumanAt: str(item.lastHumanAt),
    ...stateOf(item),
    readAt,
  };
}

/** The list views follow the fields they sort and group by; none before the first message (nothing to list). */
function indexKeys(workspaceId: string, next: ConversationRecord): Item {
  if (!next.lastMessageAt) return {};
  return {
    ...keys.conversationByRecency(workspaceId, next.lastMessageAt, next.leadId),
    ...keys.conversationByStatus(workspaceId, next.status, next.lastMessageAt, next.leadId),
    ...(next.assigneeId
      ? keys.conversationByAssignee(workspaceId, next.assigneeId, next.lastMessageAt, next.leadId)
      : {}),
  };
}

/** One item of the thread view: an interaction (in, or the page's echo out) or a send record (out). */
function threadMessageOf(item: Item): ThreadMessage {
  if (item.type === SEND_RECORD_TYPE) {
    const record = toSendRecord(item);
    return {
      id: record.idempotencyKey,
      direction: 'out',
      author: record.author === 'human' ? 'human' : 'bot',
      authorUserId: record.authorUserId ?? null,
      text: record.text,
      at: record.createdAt ?? record.startedAt,
      kind: record.action,
      scenarioId: record.scenarioId ?? null,
      deliveryStatus: record.status,
    };
  }
  const outbound = item.direction === 'outbound';
  return {
    id: String(item.id ?? item.sk),
    direction: outbound ? 'out' : 'in',
    author: outbound ? 'page' : 'contact',
    authorUserId: null,
    text: String(item.text ?? ''),
    at: String(item.occurredAt ?? ''),
    kind: String(item.kind ?? ''),
    scenarioId: null,
    deliveryStatus: outbound ? 'sent' : null,
  };
}
