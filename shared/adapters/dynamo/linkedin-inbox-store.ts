import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  LinkedInConversation,
  LinkedInInboxStore,
  LinkedInMessage,
} from '../../services/linkedin/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { putItems, queryAll } from './queries';

type Item = Record<string, unknown>;

const toConversation = (item: Item): LinkedInConversation => ({
  id: item.id as string,
  participantProfileId: item.participantProfileId as string,
  participantName: item.participantName as string,
  snippet: item.snippet as string,
  lastActivityAt: (item.lastActivityAt as string | null) ?? null,
});

const toMessage = (item: Item): LinkedInMessage & { fromSelf: boolean } => ({
  id: item.id as string,
  conversationId: item.conversationId as string,
  senderProfileId: item.senderProfileId as string,
  senderName: item.senderName as string,
  text: item.text as string,
  sentAt: item.sentAt as string,
  fromSelf: item.fromSelf === true,
});

/**
 * What the processor last read from LinkedIn: conversations and messages per account. The API serves these
 * (a browser never runs in an API Lambda) and the collector turns new inbound messages into interactions.
 * Writes are idempotent puts keyed by LinkedIn's ids, so a re-sync overwrites instead of duplicating.
 */
export class DynamoLinkedInInboxStore implements LinkedInInboxStore {
  constructor(private readonly table: DynamoTable) {}

  async putConversations(
    workspaceId: string,
    accountId: string,
    items: LinkedInConversation[],
  ): Promise<void> {
    await putItems(
      this.table,
      items.map((c) => ({
        ...keys.linkedinConversation(workspaceId, accountId, c.id),
        type: 'linkedinConversation',
        accountId,
        ...c,
      })),
    );
  }

  async putMessages(
    workspaceId: string,
    accountId: string,
    items: LinkedInMessage[],
    selfProfileId: string,
  ): Promise<void> {
    await putItems(
      this.table,
      items.map((m) => ({
        ...keys.linkedinMessage(workspaceId, accountId, m.conversationId, m.sentAt, m.id),
        ...keys.linkedinMessageByTime(workspaceId, accountId, m.sentAt, m.id),
        type: 'linkedinMessage',
        accountId,
        fromSelf: m.senderProfileId === selfProfileId,
        ...m,
      })),
    );
  }

  async listConversations(workspaceId: string, accountId: string): Promise<LinkedInConversation[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.ws(workspaceId),
        ':prefix': keys.linkedinConversationPrefix(accountId),
      },
    });
    return items
      .map(toConversation)
      .sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''));
  }

  async listMessages(
    workspaceId: string,
    accountId: string,
    conversationId: string,
  ): Promise<Array<LinkedInMessage & { fromSelf: boolean }>> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.ws(workspaceId),
        ':prefix': keys.linkedinMessagePrefix(accountId, conversationId),
      },
    });
    return items.map(toMessage);
  }

  async messagesAfter(
    workspaceId: string,
    accountId: string,
    cursor: string | null,
    limit: number,
  ): Promise<Array<LinkedInMessage & { fromSelf: boolean; position: string }>> {
    const gsi1pk = keys.linkedinMessageByTime(workspaceId, accountId, '', '').gsi1pk;
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: cursor ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk, ...(cursor ? { ':after': cursor } : {}) },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({ ...toMessage(item), position: item.gsi1sk as string }));
  }
}
