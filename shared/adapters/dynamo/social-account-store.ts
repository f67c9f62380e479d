import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../domain/messages/platforms';
import { NotFoundError } from '../../errors';
import type { SocialAccount, SocialAccountStore } from '../../services/social/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { decodeCursor, encodeCursor, queryAll } from './queries';

const ITEM_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type'];
const toAccount = (item: Record<string, unknown>): SocialAccount => {
  const account = { ...item };
  for (const key of ITEM_KEYS) delete account[key];
  return account as unknown as SocialAccount;
};

export class DynamoSocialAccountStore implements SocialAccountStore {
  constructor(private readonly table: DynamoTable) {}

  async put(account: SocialAccount): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.socialAccount(account.workspaceId, account.id),
          ...keys.socialAccountByExternal(account.platform, account.externalId, account.workspaceId),
          ...keys.socialAccountAll(account.workspaceId, account.id),
          type: 'socialAccount',
          ...account,
        },
      }),
    );
  }

  async get(workspaceId: string, accountId: string): Promise<SocialAccount | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.socialAccount(workspaceId, accountId),
        ConsistentRead: true,
      }),
    );
    return Item ? toAccount(Item) : undefined;
  }

  async list(workspaceId: string): Promise<SocialAccount[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.socialAccountPrefix() },
      ConsistentRead: true,
    });
    return items.map(toAccount);
  }

  async findByExternalId(platform: Platform, externalId: string): Promise<SocialAccount[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.socialAccountByExternal(platform, externalId, '').gsi1pk },
    });
    return items.map(toAccount);
  }

  async update(workspaceId: string, accountId: string, changes: Partial<SocialAccount>): Promise<void> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.socialAccount(workspaceId, accountId),
          UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#k${i}`, key])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new NotFoundError('Social account not found.');
      throw error;
    }
  }

  async remove(workspaceId: string, accountId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.socialAccount(workspaceId, accountId) }),
    );
  }

  async listAll(cursor?: string): Promise<{ items: SocialAccount[]; nextCursor: string | null }> {
    const start = decodeCursor(cursor);
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ACCOUNTS' },
        Limit: 100,
        ...(start?.gsi2pk === 'ACCOUNTS' ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { items: (page.Items ?? []).map(toAccount), nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }
}
