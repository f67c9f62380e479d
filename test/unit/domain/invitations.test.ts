import { describe, expect, it } from 'vitest';
import {
  acceptanceRefusal,
  invitationExpiry,
  shownStatus,
} from '../../../shared/domain/workspaces/invitations';

const sentAt = new Date('2026-11-25T12:00:00.000Z');
const pending = {
  email: 'new.hire@example.test',
  role: 'admin' as const,
  status: 'pending' as const,
  expiresAt: invitationExpiry(sentAt).toISOString(),
};
const owner = { email: 'New.Hire@example.test', emailVerified: true };
const day = (n: number) => new Date(sentAt.getTime() + n * 24 * 3600 * 1000);

describe('Function: invitationExpiry', () => {
  it('is 7 days after sending', () => {
    expect(invitationExpiry(sentAt).toISOString()).toBe('2026-12-02T12:00:00.000Z');
  });
});

describe('Function: acceptanceRefusal', () => {
  it('accepts the verified owner of the invited address (case-insensitively) within 7 days', () => {
    expect(acceptanceRefusal(pending, owner, true, day(6.9))).toBeUndefined();
  });

  it('refuses an unverified address first, whatever else is true', () => {
    // Prepare
    const squatter = { ...owner, emailVerified: false };

    // Act
    const refusals = [
      acceptanceRefusal(pending, squatter, true, day(1)),
      acceptanceRefusal({ ...pending, status: 'accepted' }, squatter, false, day(30)),
    ];

    // Assess
    expect(refusals).toEqual(['email_not_verified', 'email_not_verified']);
  });

  it('refuses another address, a used, revoked or expired invitation, and an inviter who lost the right', () => {
    const other = { email: 'eve@example.test', emailVerified: true };
    expect(acceptanceRefusal(pending, other, true, day(1))).toBe('other_recipient');
    expect(acceptanceRefusal({ ...pending, status: 'accepted' }, owner, true, day(1))).toBe('already_used');
    expect(acceptanceRefusal({ ...pending, status: 'revoked' }, owner, true, day(1))).toBe('revoked');
    expect(acceptanceRefusal(pending, owner, true, day(7))).toBe('expired');
    expect(acceptanceRefusal(pending, owner, false, day(1))).toBe('inviter_lost_right');
  });
});

describe('Function: shownStatus', () => {
  it('reads a pending invitation past its expiry as expired, and leaves closed ones as they are', () => {
    expect(shownStatus(pending, day(1))).toBe('pending');
    expect(shownStatus(pending, day(8))).toBe('expired');
    expect(shownStatus({ ...pending, status: 'revoked' }, day(8))).toBe('revoked');
  });
});
