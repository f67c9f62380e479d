import type { InvitationStatus } from '../../domain/workspaces/invitations';
import type { Role } from '../../domain/workspaces/roles';

export interface Workspace {
  id: string;
  name: string;
  plan: string;
  timezone: string;
  createdAt: string;
  createdBy: string;
  /** Inbox: a bot paused by a human (hand-over, member or owner reply) resumes after this many hours of human silence; null = never. */
  botAutoResumeHours?: number | null;
  /** How long raw interactions are kept, in months; null = the default (12, see domain/retention). */
  interactionRetentionMonths?: number | null;
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

/** A single-use invitation to join a workspace at a role, for one email address, until `expiresAt`. */
export interface Invitation {
  id: string;
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  /** The inviting member's user id, and the name (or email) the invitation shows. */
  invitedBy: string;
  inviterName: string;
  invitedAt: string;
  expiresAt: string;
  status: InvitationStatus;
  /** Who accepted it (accepted) and when it stopped being pending (accepted or revoked). */
  acceptedBy: string | null;
  closedAt: string | null;
}

export interface WorkspaceStore {
  /** Creates the workspace with `createdBy` as its first owner; the caller then adds that owner's membership. */
  createWorkspace(workspace: Workspace): Promise<void>;
  getWorkspace(workspaceId: string): Promise<Workspace | undefined>;
  updateWorkspace(
    workspaceId: string,
    changes: Partial<
      Pick<Workspace, 'name' | 'timezone' | 'botAutoResumeHours' | 'interactionRetentionMonths'>
    >,
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
}

export interface InvitationStore {
  create(invitation: Invitation): Promise<void>;
  /** Undoes create() when the invitation email could not be sent. */
  delete(workspaceId: string, invitationId: string): Promise<void>;
  /** By id alone (the invitee's accept names no workspace), read consistently once located. */
  get(invitationId: string): Promise<Invitation | undefined>;
  getInWorkspace(workspaceId: string, invitationId: string): Promise<Invitation | undefined>;
  listPendingOfWorkspace(workspaceId: string): Promise<Invitation[]>;
  listPendingForEmail(email: string): Promise<Invitation[]>;
  /**
   * pending → accepted or revoked, only while it is still pending (and, to accept, not expired at `at`):
   * the conditional write that makes an invitation single-use. False when it was not pending any more.
   */
  close(
    invitation: Pick<Invitation, 'workspaceId' | 'id'>,
    change: { status: 'accepted'; acceptedBy: string; at: string } | { status: 'revoked'; at: string },
  ): Promise<boolean>;
}
