import type { Role } from '../../domain/workspaces/roles';

export interface Workspace {
  id: string;
  name: string;
  plan: string;
  timezone: string;
  createdAt: string;
  createdBy: string;
}

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  invitedBy: string;
  invitedAt: string;
}

export interface WorkspaceStore {
  createWorkspace(workspace: Workspace): Promise<void>;
  getWorkspace(workspaceId: string): Promise<Workspace | undefined>;
  updateWorkspace(
    workspaceId: string,
    changes: Partial<Pick<Workspace, 'name' | 'timezone'>>,
  ): Promise<Workspace>;
  /** Removes every item of the workspace's partition (data, members, invitations). */
  deleteWorkspace(workspaceId: string): Promise<void>;
  putMember(member: Membership): Promise<void>;
  getMember(workspaceId: string, userId: string): Promise<Membership | undefined>;
  listMembers(workspaceId: string): Promise<Membership[]>;
  removeMember(workspaceId: string, userId: string): Promise<void>;
  listWorkspacesOfUser(userId: string): Promise<Membership[]>;
  putInvitation(invitation: Invitation): Promise<void>;
  listInvitationsForEmail(email: string): Promise<Invitation[]>;
  deleteInvitation(workspaceId: string, email: string): Promise<void>;
}
