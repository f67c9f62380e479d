import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CrmName, PendingGrantStore } from '../../services/crm/ports';
import type { SealedSecret } from '../../services/vault/envelope';
import { dynamo, tableName } from './client';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table';

/** One sealed grant per (workspace, CRM), replaced by a newer consent; expired ones read as absent (no TTL locally). */
export class DynamoPendingGrantStore implements PendingGrantStore {
  async put(
    workspaceId: string,
    crm: CrmName,
    sealed: SealedSecret,
    grantedAt: string,
    expiresAt: Date,
  ): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
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
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.crmPendingGrant(workspaceId, crm),
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item[TTL_ATTRIBUTE]) * 1000 <= now.getTime()) return undefined;
    return { sealed: Item.sealed as SealedSecret, grantedAt: String(Item.grantedAt) };
  }

  async remove(workspaceId: string, crm: CrmName): Promise<void> {
    await dynamo().send(
      new DeleteCommand({ TableName: tableName(), Key: keys.crmPendingGrant(workspaceId, crm) }),
    );
  }
}
