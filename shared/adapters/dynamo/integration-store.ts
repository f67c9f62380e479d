import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CrmName, Integration, IntegrationStore } from '../../services/crm/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { queryAll } from './queries';

const toIntegration = (item: Record<string, unknown>): Integration => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as Integration;
};

/** One item per CRM of a workspace; `credentials` is the vault's sealed envelope, never plaintext. */
export class DynamoIntegrationStore implements IntegrationStore {
  constructor(private readonly table: DynamoTable) {}

  async list(workspaceId: string): Promise<Integration[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.integrationPrefix() },
      ConsistentRead: true,
    });
    return items.map(toIntegration);
  }

  async get(workspaceId: string, crm: CrmName): Promise<Integration | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.integration(workspaceId, crm),
        ConsistentRead: true,
      }),
    );
    return Item ? toIntegration(Item) : undefined;
  }

  async put(integration: Integration): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.integration(integration.workspaceId, integration.crm),
          type: 'integration',
          ...integration,
        },
      }),
    );
  }

  /** Only the named attributes, only on an existing item: a concurrent PUT's settings are not overwritten. */
  async update(
    workspaceId: string,
    crm: CrmName,
    changes: Partial<Pick<Integration, 'credentials' | 'status' | 'lastError' | 'connectedAt' | 'updatedAt'>>,
  ): Promise<boolean> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return true;
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.integration(workspaceId, crm),
          UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async remove(workspaceId: string, crm: CrmName): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.integration(workspaceId, crm) }),
    );
  }
}
