import { randomUUID } from 'node:crypto';
import { invitationEmail } from '../../domain/email/messages';
import {
  type AcceptanceRefusal,
  acceptanceRefusal,
  invitationExpiry,
  isExpired,
  shownStatus,
} from '../../domain/workspaces/invitations';
import { canGrantRole, type Role } from '../../domain/workspaces/roles';
import {
  ConflictError,
  EmailNotVerifiedError,
  ForbiddenError,
  NotFoundError,
  ProviderNotConfiguredError,
} from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import type { UserRecord, UserStore } from '../auth/ports';
import type { EmailSender } from '../email/ports';
import type { SendBudget } from '../email/send-budget';
import type { Invitation, InvitationStore, WorkspaceStore } from './ports';

export interface InvitationSettings {
  /** The email links to `<frontendUrl>/invitations/<invitationId>`, where the invitee signs in and accepts. */
  frontendUrl: string;
  perWorkspacePerHour: number;
}

type Identity = { userId: string; email: string };

export interface WorkspaceInvitationView {
  invitationId: string;
  email: string;
  role: Role;
  status: 'pending' | 'expired';
  invitedBy: { userId: string; name: string };
  invitedAt: string;
  expiresAt: string;
}

export interface MyInvitationView {
  invitationId: string;
  workspace: { id: string; name: string };
  role: Role;
  invitedBy: { name: string };
  invitedAt: string;
  expiresAt: string;
}

const REFUSALS: Record<Exclude<AcceptanceRefusal, 'email_not_verified'>, (i: Invitation) => Error> = {
  other_recipient: () => new ForbiddenError('This invitation was sent to another email address.'),
  already_used: () => new ConflictError('This invitation has already been used.'),
  revoked: () => new ConflictError('This invitation was revoked; ask for a new one.'),
  expired: (i) => new ConflictError(`This invitation expired at ${i.expiresAt}; ask for a new one.`),
  inviter_lost_right: (i) =>
    new ConflictError(
      `The person who invited you can no longer grant the ${i.role} role; ask for a new invitation.`,
    ),
};

/**
 * Joining a workspace is an invitation to one email address: single-use, expiring after 7 days, accepted only by
 * the signed-in user who proved they own that address. Nobody invites above their own role (admins cannot make
 * owners), and owners and admins see and revoke what is pending.
 */
export class InvitationService {
  constructor(
    private readonly invitations: InvitationStore,
    private readonly workspaces: WorkspaceStore,
    private readonly users: UserStore,
    private readonly sender: EmailSender | undefined,
    private readonly budget: SendBudget,
    private readonly settings: InvitationSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly audit?: AuditRecorder,
  ) {}

  /** POST /workspaces/{id}/members: a pending invitation, emailed. Nothing is kept if the email cannot go out. */
  async invite(
    workspaceId: string,
    actor: { userId: string; role: Role },
    input: { email: string; role: Role },
  ): Promise<{ invitationId: string; status: 'pending'; email: string; role: Role; expiresAt: string }> {
    if (!canGrantRole(actor.role, input.role))
      throw new ForbiddenError(`Your role (${actor.role}) cannot invite at the ${input.role} role.`);
    const email = input.email.toLowerCase();
    const [workspace, inviter, invitee] = await Promise.all([
      this.workspaces.getWorkspace(workspaceId),
      this.workspaces.getMember(workspaceId, actor.userId),
      this.users.findUserByEmail(email),
    ]);
    if (!workspace || !inviter) throw new NotFoundError('Workspace not found.');
    if (invitee && (await this.workspaces.getMember(workspaceId, invitee.id)))
      throw new ConflictError('This user is already a member.');
    const now = this.now();
    const pending = (await this.invitations.listPendingForEmail(email)).find(
      (other) => other.workspaceId === workspaceId && !isExpired(other, now),
    );
    if (pending)
      throw new ConflictError(
        `An invitation to this address is already pending (${pending.id}); revoke it to send a new one.`,
      );
    if (!this.sender) throw new ProviderNotConfiguredError('email');
    await this.budget.take(
      `invitations:${workspaceId}`,
      this.settings.perWorkspacePerHour,
      'invitations from this workspace',
    );
    const invitation: Invitation = {
      id: randomUUID(),
      workspaceId,
      workspaceName: workspace.name,
      email,
      role: input.role,
      invitedBy: actor.userId,
      inviterName: inviter.name ?? inviter.email,
      invitedAt: now.toISOString(),
      expiresAt: invitationExpiry(now).toISOString(),
      status: 'pending',
      acceptedBy: null,
      closedAt: null,
    };
    await this.invitations.create(invitation);
    try {
      await this.sender.send(
        invitationEmail({
          to: email,
          workspaceName: workspace.name,
          inviter: invitation.inviterName,
          role: invitation.role,
          link: `${this.settings.frontendUrl.replace(/\/$/, '')}/invitations/${invitation.id}`,
          expiresAt: new Date(invitation.expiresAt),
        }),
      );
    } catch (error) {
      await this.invitations.delete(workspaceId, invitation.id);
      throw error;
    }
    await this.audit?.record(
      workspaceId,
      { type: 'user', id: actor.userId },
      'member.invited',
      { type: 'invitation', id: invitation.id },
      { email, role: invitation.role },
    );
    return {
      invitationId: invitation.id,
      status: 'pending',
      email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
    };
  }

  /** GET /workspaces/{id}/invitations: pending ones, those past their expiry marked expired. */
  async listForWorkspace(workspaceId: string): Promise<WorkspaceInvitationView[]> {
    const now = this.now();
    return (await this.invitations.listPendingOfWorkspace(workspaceId))
      .sort((a, b) => b.invitedAt.localeCompare(a.invitedAt))
      .map((invitation) => ({
        invitationId: invitation.id,
        email: invitation.email,
        role: invitation.role,
        status: shownStatus(invitation, now) === 'expired' ? 'expired' : 'pending',
        invitedBy: { userId: invitation.invitedBy, name: invitation.inviterName },
        invitedAt: invitation.invitedAt,
        expiresAt: invitation.expiresAt,
      }));
  }

  /** DELETE /workspaces/{id}/invitations/{invitationId}: only at a role the actor could have invited at. */
  async revoke(
    workspaceId: string,
    actor: { userId: string; role: Role },
    invitationId: string,
  ): Promise<void> {
    const invitation = await this.invitations.getInWorkspace(workspaceId, invitationId);
    if (!invitation) throw new NotFoundError('Invitation not found.');
    if (!canGrantRole(actor.role, invitation.role))
      throw new ForbiddenError(
        `Your role (${actor.role}) cannot revoke an invitation at the ${invitation.role} role.`,
      );
    if (invitation.status === 'accepted')
      throw new ConflictError('This invitation was already accepted; remove the member instead.');
    if (invitation.status === 'revoked') throw new ConflictError('This invitation was already revoked.');
    if (!(await this.invitations.close(invitation, { status: 'revoked', at: this.now().toISOString() })))
      throw new ConflictError('This invitation is no longer pending.');
    await this.audit?.record(
      workspaceId,
      { type: 'user', id: actor.userId },
      'invitation.revoked',
      { type: 'invitation', id: invitationId },
      { email: invitation.email, role: invitation.role },
    );
  }

  /** GET /invitations: what waits for the caller's address, once that address is verified. */
  async listMine(identity: Identity): Promise<MyInvitationView[]> {
    const user = await this.verifiedUser(identity);
    const now = this.now();
    return (await this.invitations.listPendingForEmail(user.email))
      .filter((invitation) => !isExpired(invitation, now))
      .sort((a, b) => b.invitedAt.localeCompare(a.invitedAt))
      .map((invitation) => ({
        invitationId: invitation.id,
        workspace: { id: invitation.workspaceId, name: invitation.workspaceName },
        role: invitation.role,
        invitedBy: { name: invitation.inviterName },
        invitedAt: invitation.invitedAt,
        expiresAt: invitation.expiresAt,
      }));
  }

  /**
   * POST /invitations/{invitationId}/accept. The invitation is closed first (a conditional write: once, and only
   * while pending and unexpired), then the membership is added, so a revoke racing this accept either wins
   * before it or comes too late — never a member through a revoked invitation.
   */
  async accept(
    identity: Identity,
    invitationId: string,
  ): Promise<{ workspace: { id: string; name: string; role: Role } }> {
    const user = await this.verifiedUser(identity);
    const invitation = await this.invitations.get(invitationId);
    if (!invitation) throw new NotFoundError('Invitation not found.');
    const refusal = await this.refusalOf(invitation, user);
    if (refusal) throw refusal;
    if (await this.workspaces.getMember(invitation.workspaceId, user.id))
      throw new ConflictError('You are already a member of this workspace.');
    const workspace = await this.workspaces.getWorkspace(invitation.workspaceId);
    if (!workspace) throw new NotFoundError('Invitation not found.');
    const at = this.now().toISOString();
    if (!(await this.invitations.close(invitation, { status: 'accepted', acceptedBy: user.id, at }))) {
      const current = await this.invitations.get(invitationId);
      throw (current && (await this.refusalOf(current, user))) ?? REFUSALS.already_used(invitation);
    }
    // A join like any other: the store keeps the workspace's owner set in step (409 if a concurrent join won).
    await this.workspaces.putMember({
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      userId: user.id,
      email: user.email,
      name: user.name,
      role: invitation.role,
      joinedAt: at,
    });
    await this.audit?.record(
      workspace.id,
      { type: 'user', id: user.id },
      'member.added',
      { type: 'member', id: user.id },
      { email: user.email, role: invitation.role, invitationId },
    );
    return { workspace: { id: workspace.id, name: workspace.name, role: invitation.role } };
  }

  private async refusalOf(invitation: Invitation, user: UserRecord): Promise<Error | undefined> {
    const inviter = await this.workspaces.getMember(invitation.workspaceId, invitation.invitedBy);
    const mayGrant = inviter !== undefined && canGrantRole(inviter.role, invitation.role);
    const refusal = acceptanceRefusal(invitation, user, mayGrant, this.now());
    if (!refusal) return undefined;
    if (refusal === 'email_not_verified') return new EmailNotVerifiedError();
    return REFUSALS[refusal](invitation);
  }

  /** The caller's own account, with an address they proved they own. */
  private async verifiedUser(identity: Identity): Promise<UserRecord> {
    const user = await this.users.findUserByEmail(identity.email);
    if (!user || user.id !== identity.userId) throw new NotFoundError('This account no longer exists.');
    if (!user.emailVerified)
      throw new EmailNotVerifiedError(
        'Verify your email address first: invitations are accepted only by the owner of the invited address.',
      );
    return user;
  }
}
