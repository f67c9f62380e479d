import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../domain/workspaces/roles';
import { NotFoundError } from '../../errors';
import type { Membership, Workspace, WorkspaceStore } from '../../services/workspaces/ports';
import { dynamo, isConditionalCheckFailed, tableName } from './client';
import { keys } from './keys';
import { deleteKeys, queryAll } from './queries';

const toWorkspace = (item: Record<string, unknown>): Workspace => ({
  id: item.id as string,
  name: item.name as string,
  plan: (item.plan as string) ?? 'freemium',
  timezone: (item.timezone as string) ?? 'Europe/Paris',
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
});

const toMember = (item: Record<string, unknown>): Membership => ({
  workspaceId: item.workspaceId as string,
  workspaceName: item.workspaceName as string,
  userId: item.userId as string,
  email: item.email as string,
  name: (item.name as string | null) ?? null,
  role: item.role as Role,
  joinedAt: item.joinedAt as string,
});

const memberItem = (member: Membership) => ({
  ...keys.member(member.workspaceId, member.userId),
  ...keys.memberByUser(member.userId, member.workspaceId),
  type: 'member',
  ...member,
});

export class DynamoWorkspaceStore implements WorkspaceStore {
  async createWorkspace(workspace: Workspace): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.workspace(workspace.id), type: 'workspace', ...workspace },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getWorkspace(workspaceId: string): Promise<Workspace | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.workspace(workspaceId), ConsistentRead: true }),
    );
    return Item ? toWorkspace(Item) : undefined;
  }

  async updateWorkspace(
    workspaceId: string,
    changes: Partial<Pick<Workspace, 'name' | 'timezone'>>,
  ): Promise<Workspace> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) {
      const current = await this.getWorkspace(workspaceId);
      if (!current) throw new NotFoundError('Workspace not found.');
      return current;
    }
    try {
      const { Attributes } = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
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
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId) },
      ProjectionExpression: 'pk, sk',
    });
    // The workspace item goes last: until then a retry of this delete still finds the workspace.
    const rest = items.filter((item) => item.sk !== keys.workspace(workspaceId).sk);
    await deleteKeys(rest.map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
    await deleteKeys([keys.workspace(workspaceId)]);
  }

  async putMember(member: Membership): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: memberItem(member),
      }),
    );
  }

  async getMember(workspaceId: string, userId: string): Promise<Membership | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.member(workspaceId, userId), ConsistentRead: true }),
    );
    return Item ? toMember(Item) : undefined;
  }

  async listMembers(workspaceId: string): Promise<Membership[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': keys.memberPrefix() },
      ConsistentRead: true,
    });
    return items.map(toMember);
  }

  async removeMember(workspaceId: string, userId: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.member(workspaceId, userId) }));
  }

  async listWorkspacesOfUser(userId: string): Promise<Membership[]> {
    const items = await queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.workspacesOfUser(userId) },
    });
    return items.map(toMember);
  }

  async insertMember(member: Membership): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: memberItem(member),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
