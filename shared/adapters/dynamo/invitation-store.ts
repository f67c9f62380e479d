import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InvitationStatus } from '../../domain/workspaces/invitations';
import type { Role } from '../../domain/workspaces/roles';
import type { Invitation, InvitationStore } from '../../services/workspaces/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { queryAll } from './queries';

/** Closed and expired invitations stay this long after their expiry (a replay still reads "already used"). */
const KEEP_AFTER_EXPIRY_SECONDS = 7 * 24 * 3600;

const toInvitation = (item: Record<string, unknown>): Invitation => ({
  id: item.id as string,
  workspaceId: item.workspaceId as string,
  workspaceName: item.workspaceName as string,
  email: item.email as string,
  role: item.role as Role,
  invitedBy: item.invitedBy as string,
  inviterName: item.inviterName as string,
  invitedAt: item.invitedAt as string,
  expiresAt: item.expiresAt as string,
  status: item.status as InvitationStatus,
  acceptedBy: (item.acceptedBy as string | undefined) ?? null,
  closedAt: (item.closedAt as string | undefined) ?? null,
});

export class DynamoInvitationStore implements InvitationStore {
  constructor(private readonly table: DynamoTable) {}

  async create(invitation: Invitation): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.invitation(invitation.workspaceId, invitation.id),
          ...keys.invitationByEmail(invitation.email, invitation.workspaceId, invitation.id),
          ...keys.invitationById(invitation.id),
          type: 'invitation',
          ...invitation,
          ttl: Math.floor(Date.parse(invitation.expiresAt) / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async delete(workspaceId: string, invitationId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.invitation(workspaceId, invitationId) }),
    );
  }

  async get(invitationId: string): Promise<Invitation | undefined> {
    // The index only locates the invitation; its state is read from the item itself, strongly consistent.
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.invitationById(invitationId).gsi2pk },
        ProjectionExpression: 'workspaceId',
        Limit: 1,
      }),
    );
    const workspaceId = Items?.[0]?.workspaceId as string | undefined;
    return workspaceId ? this.getInWorkspace(workspaceId, invitationId) : undefined;
  }

  async getInWorkspace(workspaceId: string, invitationId: string): Promise<Invitation | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.invitation(workspaceId, invitationId),
        ConsistentRead: true,
      }),
    );
    return Item ? toInvitation(Item) : undefined;
  }

  async listPendingOfWorkspace(workspaceId: string): Promise<Invitation[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.ws(workspaceId),
        ':prefix': keys.invitationPrefix(),
        ':pending': 'pending',
      },
      ConsistentRead: true,
    });
    return items.map(toInvitation);
  }

  async listPendingForEmail(email: string): Promise<Invitation[]> {
    // Only pending invitations are on this index (close() removes the entry).
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.invitationsOfEmail(email) },
    });
    return items.map(toInvitation).filter((invitation) => invitation.status === 'pending');
  }

  async close(
    invitation: Pick<Invitation, 'workspaceId' | 'id'>,
    change: { status: 'accepted'; acceptedBy: string; at: string } | { status: 'revoked'; at: string },
  ): Promise<boolean> {
    const accepting = change.status === 'accepted';
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.invitation(invitation.workspaceId, invitation.id),
          UpdateExpression: `SET #status = :status, closedAt = :at${accepting ? ', acceptedBy = :by' : ''} REMOVE gsi1pk, gsi1sk`,
          // ISO 8601 UTC strings of one format compare in time order.
          ConditionExpression: `#status = :pending${accepting ? ' AND expiresAt > :at' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': change.status,
            ':at': change.at,
            ':pending': 'pending',
            ...(accepting ? { ':by': change.acceptedBy } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
