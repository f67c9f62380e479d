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
  /** Creates the workspace with `createdBy` as its first owner; the caller then adds that owner's membership. */
  createWorkspace(workspace: Workspace): Promise<void>;
  getWorkspace(workspaceId: string): Promise<Workspace | undefined>;
  updateWorkspace(
    workspaceId: string,
    changes: Partial<Pick<Workspace, 'name' | 'timezone'>>,
  ): Promise<Workspace>;
  /** Removes every item of the workspace's partition (data, members, invitations). */
  deleteWorkspace(workspaceId: string): Promise<void>;
  /** A join: creates the membership (409 conflict if it exists) and keeps the workspace's owner set in step. */
  putMember(member: Membership): Promise<void>;
  getMember(workspaceId: string, userId: string): Promise<Membership | undefined>;
  listMembers(workspaceId: string): Promise<Membership[]>;
  /** Removes a member who is not an owner. */
  removeMember(workspaceId: string, userId: string): Promise<void>;
  /** Removes an owner with one conditional write: 409 last_owner if no other owner would remain. */
  removeOwner(workspaceId: string, userId: string): Promise<void>;
  /** Updates the workspace name copied on each existing membership, in place (a removed member stays removed). */
  renameMemberships(workspaceId: string, name: string): Promise<void>;
  listWorkspacesOfUser(userId: string): Promise<Membership[]>;
  putInvitation(invitation: Invitation): Promise<void>;
  listInvitationsForEmail(email: string): Promise<Invitation[]>;
  deleteInvitation(workspaceId: string, email: string): Promise<void>;
}
