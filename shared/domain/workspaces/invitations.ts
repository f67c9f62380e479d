import type { Role } from './roles';

/** An invitation can be accepted for 7 days after it was sent (the contract fixes it). */
export const INVITATION_TTL_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export function invitationExpiry(invitedAt: Date): Date {
  return new Date(invitedAt.getTime() + INVITATION_TTL_DAYS * 24 * 3600 * 1000);
}

export function isExpired(invitation: { expiresAt: string }, now: Date): boolean {
  return Date.parse(invitation.expiresAt) <= now.getTime();
}

/** What a list shows: a pending invitation past its expiry reads as expired (nobody can accept it any more). */
export function shownStatus(
  invitation: { status: InvitationStatus; expiresAt: string },
  now: Date,
): InvitationStatus | 'expired' {
  return invitation.status === 'pending' && isExpired(invitation, now) ? 'expired' : invitation.status;
}

export type AcceptanceRefusal =
  | 'email_not_verified'
  | 'other_recipient'
  | 'already_used'
  | 'revoked'
  | 'expired'
  | 'inviter_lost_right';

/**
 * Whether this user may accept this invitation now. The address must be the invited one *and* verified: signing up
 * with an address proves nothing until the link we emailed it is opened. The inviter must still be able to grant the
 * role (still a member, with the role it needed), so an admin removed after sending cannot leave admins behind.
 */
export function acceptanceRefusal(
  invitation: { email: string; role: Role; status: InvitationStatus; expiresAt: string },
  user: { email: string; emailVerified: boolean },
  inviterMayGrant: boolean,
  now: Date,
): AcceptanceRefusal | undefined {
  if (!user.emailVerified) return 'email_not_verified';
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) return 'other_recipient';
  if (invitation.status === 'accepted') return 'already_used';
  if (invitation.status === 'revoked') return 'revoked';
  if (isExpired(invitation, now)) return 'expired';
  if (!inviterMayGrant) return 'inviter_lost_right';
  return undefined;
}
