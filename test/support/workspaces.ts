import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../../shared/adapters/dynamo/workspace-store';
import type { Role } from '../../shared/domain/workspaces/roles';

/**
 * Makes a signed-up user a member at `role` through the store's join (the same write the invitation flow ends
 * with), so race tests set up their owners and members without depending on how invitations are accepted.
 */
export async function addMemberInStore(
  workspaceId: string,
  user: { user: { id: string; email: string; name: string | null } },
  role: Role,
): Promise<void> {
  const store = new DynamoWorkspaceStore(stageTable);
  const workspace = await store.getWorkspace(workspaceId);
  if (!workspace) throw new Error(`no workspace ${workspaceId}`);
  await store.putMember({
    workspaceId,
    workspaceName: workspace.name,
    userId: user.user.id,
    email: user.user.email,
    name: user.user.name,
    role,
    joinedAt: new Date().toISOString(),
  });
}
