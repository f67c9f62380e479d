import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../../domain/audit/audit-entry';
import { interactionRetentionMonths } from '../../domain/retention/retention';
import { canRemoveMember, type Role } from '../../domain/workspaces/roles';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import { ForbiddenError, NotFoundError } from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import { type PublicUser, toPublicUser } from '../auth/auth-service';
import type { UserStore } from '../auth/ports';
import type { Membership, Workspace, WorkspaceStore } from './ports';

export const DEFAULT_PLAN = 'freemium';

export interface WorkspaceView {
  id: string;
  name: string;
  role: Role;
  plan: string;
  timezone: string;
  createdAt: string;
  botAutoResumeHours: number | null;
  /** Months raw interactions are kept (the default, 12, until the workspace chooses). */
  interactionRetentionMonths: number;
}

const view = (workspace: Workspace, role: Role): WorkspaceView => ({
  id: workspace.id,
  name: workspace.name,
  role,
  plan: workspace.plan,
  timezone: workspace.timezone,
  createdAt: workspace.createdAt,
  botAutoResumeHours: workspace.botAutoResumeHours ?? null,
  interactionRetentionMonths: interactionRetentionMonths(workspace.interactionRetentionMonths),
});

export class WorkspaceService {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly users: UserStore,
    /** The retention cache of this container, told when the setting changes. */
    private readonly retention?: { forget(workspaceId: string): void },
    private readonly audit?: AuditRecorder,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    owner: { userId: string; email: string },
    input: { name: string; timezone?: string | undefined },
  ): Promise<WorkspaceView> {
    const user = await this.users.findUserByEmail(owner.email);
    const workspace: Workspace = {
      id: randomUUID(),
      name: input.name,
      plan: DEFAULT_PLAN,
      timezone: input.timezone ?? DEFAULT_TIMEZONE,
      createdAt: this.now().toISOString(),
      createdBy: owner.userId,
    };
    await this.store.createWorkspace(workspace);
    await this.store.putMember({
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      userId: owner.userId,
      email: owner.email,
      name: user?.name ?? null,
      role: 'owner',
      joinedAt: workspace.createdAt,
    });
    return view(workspace, 'owner');
  }

  /** GET /auth/me: the signed-in user and their workspaces; 404 once the account no longer exists. */
  async me(auth: { userId: string; email: string }): Promise<{
    user: PublicUser;
    workspaces: Array<{ id: string; name: string; role: Role }>;
  }> {
    const user = await this.users.findUserByEmail(auth.email);
    if (!user || user.id !== auth.userId) throw new NotFoundError('This account no longer exists.');
    return { user: toPublicUser(user), workspaces: await this.listForUser(auth.userId) };
  }

  async listForUser(userId: string): Promise<Array<{ id: string; name: string; role: Role }>> {
    const memberships = await this.store.listWorkspacesOfUser(userId);
    return memberships.map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role }));
  }

  async get(workspaceId: string, role: Role): Promise<WorkspaceView & { members: PublicMember[] }> {
    const workspace = await this.require(workspaceId);
    const members = await this.store.listMembers(workspaceId);
    return { ...view(workspace, role), members: members.map(publicMember) };
  }

  async update(
    workspaceId: string,
    role: Role,
    changes: {
      name?: string | undefined;
      timezone?: string | undefined;
      botAutoResumeHours?: number | null | undefined;
      interactionRetentionMonths?: number | undefined;
    },
    actor?: AuditActor,
  ): Promise<WorkspaceView> {
    await this.require(workspaceId);
    const updated = await this.store.updateWorkspace(workspaceId, changes);
    // The name is copied onto memberships so "my workspaces" is one query; keep the copies in step.
    if (changes.name !== undefined) await this.store.renameMemberships(workspaceId, updated.name);
    if (changes.interactionRetentionMonths !== undefined) this.retention?.forget(workspaceId);
    if (actor) {
      const changed = Object.entries(changes).filter(([, value]) => value !== undefined);
      await this.audit?.record(
        workspaceId,
        actor,
        'workspace.updated',
        { type: 'workspace', id: workspaceId },
        Object.fromEntries(changed.map(([key, value]) => [key, value as string | number | null])),
      );
    }
    return view(updated, role);
  }

  async remove(workspaceId: string): Promise<void> {
    await this.require(workspaceId);
    await this.store.deleteWorkspace(workspaceId);
  }

  async removeMember(
    workspaceId: string,
    actor: { userId: string; role: Role },
    targetUserId: string,
  ): Promise<void> {
    const target = await this.store.getMember(workspaceId, targetUserId);
    if (!target) throw new NotFoundError('This user is not a member of the workspace.');
    if (!canRemoveMember(actor, target)) throw new ForbiddenError('Your role cannot remove this member.');
    // The last-owner rule is the store's conditional write (409 last_owner), not a count read here first.
    if (target.role === 'owner') await this.store.removeOwner(workspaceId, targetUserId);
    else await this.store.removeMember(workspaceId, targetUserId);
    await this.audit?.record(
      workspaceId,
      { type: 'user', id: actor.userId },
      'member.removed',
      { type: 'member', id: targetUserId },
      { email: target.email, role: target.role },
    );
  }

  private async require(workspaceId: string): Promise<Workspace> {
    const workspace = await this.store.getWorkspace(workspaceId);
    if (!workspace) throw new NotFoundError('Workspace not found.');
    return workspace;
  }
}

export interface PublicMember {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

const publicMember = (m: Membership): PublicMember => ({
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joinedAt: m.joinedAt,
});
