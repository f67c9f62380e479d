import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../errors';
import { LastOwnerError } from '../../services/workspaces/errors';
import type { Membership, Workspace, WorkspaceStore } from '../../services/workspaces/ports';
import { type DynamoTable, isConditionalCheckFailed } from './client';
import * as keys from './keys';
import { DynamoMembershipReader, toMember, toWorkspace } from './membership-reader';
import { deleteKeys, queryAll } from './queries';

export class DynamoWorkspaceStore implements WorkspaceStore {
  private readonly reader: DynamoMembershipReader;

  constructor(private readonly table: DynamoTable) {
    this.reader = new DynamoMembershipReader(table);
  }

  async createWorkspace(workspace: Workspace): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        // The creator is its first owner (see putMember / removeOwner for how `ownerIds` stays in step).
        Item: {
          ...keys.workspace(workspace.id),
          type: 'workspace',
          ...workspace,
          ownerIds: new Set([workspace.createdBy]),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  getWorkspace(workspaceId: string): Promise<Workspace | undefined> {
    return this.reader.getWorkspace(workspaceId);
  }

  async updateWorkspace(
    workspaceId: string,
    changes: Partial<
      Pick<Workspace, 'name' | 'timezone' | 'botAutoResumeHours' | 'interactionRetentionMonths'>
    >,
  ): Promise<Workspace> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) {
      const current = await this.getWorkspace(workspaceId);
      if (!current) throw new NotFoundError('Workspace not found.');
      return current;
    }
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workspace(workspaceId),
          UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#k${i}`, key])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toWorkspace(Attributes ?? {});
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new NotFoundError('Workspace not found.');
      throw error;
    }
  }

  async deleteWorkspace(workspaceId: string): Promise<void> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId) },
      ProjectionExpression: 'pk, sk',
    });
    // The workspace item goes last: until then a retry of this delete still finds the workspace.
    const rest = items.filter((item) => item.sk !== keys.workspace(workspaceId).sk);
    await deleteKeys(
      this.table,
      rest.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
    await deleteKeys(this.table, [keys.workspace(workspaceId)]);
  }

  /**
   * A join: the member item is created (never overwritten, so a re-put cannot silently change a role), then an
   * owner is added to the workspace's `ownerIds` set. In that order the set never names someone who is not an
   * owner: a crash between the two writes leaves the set short, which only makes `removeOwner` refuse more.
   */
  async putMember(member: Membership): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.member(member.workspaceId, member.userId),
            ...keys.memberByUser(member.userId, member.workspaceId),
            type: 'member',
            ...member,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError('This user is already a member.');
      throw error;
    }
    if (member.role === 'owner') {
      await this.ensureOwnerSet(member.workspaceId);
      await this.addOwner(member.workspaceId, member.userId);
    }
  }

  getMember(workspaceId: string, userId: string): Promise<Membership | undefined> {
    return this.reader.getMember(workspaceId, userId);
  }

  async listMembers(workspaceId: string): Promise<Membership[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.memberPrefix() },
      ConsistentRead: true,
    });
    return items.map(toMember);
  }

  /** Removes a member who is not an owner: an owner leaves only through removeOwner (the last-owner rule). */
  async removeMember(workspaceId: string, userId: string): Promise<void> {
    await this.deleteMember(workspaceId, userId, '<>').catch((error) => {
      if (isConditionalCheckFailed(error))
        throw new ConflictError('This member is an owner now; remove them as an owner.');
      throw error;
    });
  }

  /**
   * The last-owner rule as one conditional write on the workspace item: the owner leaves `ownerIds` only if they
   * are in it and someone else still is, so two owners leaving at the same moment cannot both pass (DynamoDB
   * applies writes to one item one at a time). The member item goes second; if that delete fails, the owner is
   * put back in the set.
   */
  async removeOwner(workspaceId: string, userId: string): Promise<void> {
    await this.ensureOwnerSet(workspaceId);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workspace(workspaceId),
          UpdateExpression: 'DELETE ownerIds :owner',
          ConditionExpression: 'contains(ownerIds, :id) AND size(ownerIds) > :one',
          ExpressionAttributeValues: { ':owner': new Set([userId]), ':id': userId, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      if (!(await this.getWorkspace(workspaceId))) throw new NotFoundError('Workspace not found.');
      throw new LastOwnerError();
    }
    try {
      await this.deleteMember(workspaceId, userId, '=');
    } catch (error) {
      await this.addOwner(workspaceId, userId);
      if (isConditionalCheckFailed(error))
        throw new NotFoundError('This user is not an owner of the workspace.');
      throw error;
    }
  }

  /** Deletes a membership if it is absent already or its role compares to owner as asked. */
  private async deleteMember(workspaceId: string, userId: string, owner: '=' | '<>'): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.member(workspaceId, userId),
        ConditionExpression: `attribute_not_exists(pk) OR #role ${owner} :owner`,
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':owner': 'owner' },
      }),
    );
  }

  /**
   * The workspace name is copied onto each membership (so "my workspaces" is one query). Each copy is updated in
   * place, and only where the membership still exists: a member removed meanwhile stays removed.
   */
  async renameMemberships(workspaceId: string, name: string): Promise<void> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.memberPrefix() },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    for (const item of items) {
      await this.table.client
        .send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: { pk: item.pk as string, sk: item.sk as string },
            UpdateExpression: 'SET workspaceName = :name',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':name': name },
          }),
        )
        .catch((error) => {
          if (!isConditionalCheckFailed(error)) throw error;
        });
    }
  }

  private async addOwner(workspaceId: string, userId: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.workspace(workspaceId),
        UpdateExpression: 'ADD ownerIds :owner',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':owner': new Set([userId]) },
      }),
    );
  }

  /**
   * Workspaces created before `ownerIds` existed get it once, from their owner memberships. The write is
   * conditional on the set being absent, so of two concurrent first uses one snapshot wins and every later change
   * goes through the set.
   */
  private async ensureOwnerSet(workspaceId: string): Promise<void> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workspace(workspaceId),
        ProjectionExpression: 'pk, ownerIds',
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new NotFoundError('Workspace not found.');
    if (Item.ownerIds) return;
    const owners = (await this.listMembers(workspaceId)).filter((m) => m.role === 'owner');
    if (owners.length === 0) return;
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workspace(workspaceId),
          UpdateExpression: 'SET ownerIds = :owners',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ownerIds)',
          ExpressionAttributeValues: { ':owners': new Set(owners.map((m) => m.userId)) },
        }),
      )
      .catch((error) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }

  async listWorkspacesOfUser(userId: string): Promise<Membership[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.workspacesOfUser(userId) },
    });
    return items.map(toMember);
  }
}
