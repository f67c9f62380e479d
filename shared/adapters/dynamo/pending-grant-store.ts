import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CrmName, PendingGrantStore } from '../../services/crm/ports';
import type { SealedSecret } from '../../services/vault/envelope';
import type { DynamoTable } from './client';
import * as keys from './keys';
import { TTL_ATTRIBUTE } from './table';

/** One sealed grant per (workspace, CRM), replaced by a newer consent; expired ones read as absent (no TTL locally). */
export class DynamoPendingGrantStore implements PendingGrantStore {
  constructor(private readonly table: DynamoTable) {}

  async put(
    workspaceId: string,
    crm: CrmName,
    sealed: SealedSecret,
    grantedAt: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.crmPendingGrant(workspaceId, crm),
          type: 'crmPendingGrant',
          sealed,
          grantedAt,
          [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000),
        },
      }),
    );
  }

  async get(
    workspaceId: string,
    crm: CrmName,
    now: Date,
  ): Promise<{ sealed: SealedSecret; grantedAt: string } | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.crmPendingGrant(workspaceId, crm),
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item[TTL_ATTRIBUTE]) * 1000 <= now.getTime()) return undefined;
    return { sealed: Item.sealed as SealedSecret, grantedAt: String(Item.grantedAt) };
  }

  async remove(workspaceId: string, crm: CrmName): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.crmPendingGrant(workspaceId, crm) }),
    );
  }
}
