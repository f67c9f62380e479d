import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../domain/workspaces/roles';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import type { Membership, Workspace } from '../../services/workspaces/ports';
import type { DynamoTable } from './client';
import * as keys from './keys';

export const toWorkspace = (item: Record<string, unknown>): Workspace => ({
  id: item.id as string,
  name: item.name as string,
  plan: (item.plan as string) ?? 'freemium',
  timezone: (item.timezone as string | undefined) ?? DEFAULT_TIMEZONE,
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
  botAutoResumeHours: typeof item.botAutoResumeHours === 'number' ? item.botAutoResumeHours : null,
  interactionRetentionMonths:
    typeof item.interactionRetentionMonths === 'number' ? item.interactionRetentionMonths : null,
});

export const toMember = (item: Record<string, unknown>): Membership => ({
  workspaceId: item.workspaceId as string,
  workspaceName: item.workspaceName as string,
  userId: item.userId as string,
  email: item.email as string,
  name: (item.name as string | null) ?? null,
  role: item.role as Role,
  joinedAt: item.joinedAt as string,
});

/**
 * The two strongly consistent reads of a workspace and of one membership, apart from `DynamoWorkspaceStore` (which
 * delegates to them): every scoped route checks the caller's membership (`shared/http/workspace-access.ts`), and
 * the OAuth state, quota and plan checks read one of the two, so those bundles carry these reads and not the
 * store's writes, member lists and owner rules.
 */
export class DynamoMembershipReader {
  constructor(private readonly table: DynamoTable) {}

  async getWorkspace(workspaceId: string): Promise<Workspace | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workspace(workspaceId),
        ConsistentRead: true,
      }),
    );
    return Item ? toWorkspace(Item) : undefined;
  }

  async getMember(workspaceId: string, userId: string): Promise<Membership | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.member(workspaceId, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? toMember(Item) : undefined;
  }
}
