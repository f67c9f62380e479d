import { describe, expect, it } from 'vitest';
import { isStillAnswerable, messagingWindow } from '../../../shared/domain/messages/messaging-window';

const now = new Date('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const none = { lastInboundAt: null, commentCreatedAt: null };

describe('Function: messagingWindow', () => {
  it('allows a DM within 24 hours of the last inbound message, refuses it after', () => {
    expect(messagingWindow('dm', { ...none, lastInboundAt: ago(23 * HOUR) }, now)).toEqual({ allowed: true });
    expect(messagingWindow('dm', { ...none, lastInboundAt: ago(DAY) }, now)).toEqual({ allowed: true });
    expect(messagingWindow('dm', { ...none, lastInboundAt: ago(DAY + 1) }, now)).toEqual({
      allowed: false,
      reason: 'outside_window',
      explanation: 'outside the 24-hour window: the person must write first',
    });
  });

  it('treats a reply inside a conversation as a DM, and a public comment reply as always allowed', () => {
    const stale = { lastInboundAt: ago(3 * DAY), commentCreatedAt: ago(30 * DAY) };
    expect(messagingWindow('reply', stale, now)).toMatchObject({ allowed: false, reason: 'outside_window' });
    expect(messagingWindow('reply', { ...stale, isCommentReply: true }, now)).toEqual({ allowed: true });
  });

  it('allows one private reply within 7 days of the comment, whatever the DM window says', () => {
    const facts = { lastInboundAt: ago(10 * DAY), commentCreatedAt: ago(6 * DAY) };
    expect(messagingWindow('private_reply', facts, now)).toEqual({ allowed: true });
    expect(
      messagingWindow('private_reply', { ...facts, commentCreatedAt: ago(7 * DAY + 1) }, now),
    ).toMatchObject({
      allowed: false,
      reason: 'private_reply_expired',
    });
  });

  it('does not refuse when the times are unknown or unreadable (the platform decides)', () => {
    expect(messagingWindow('dm', none, now)).toEqual({ allowed: true });
    expect(messagingWindow('private_reply', { ...none, commentCreatedAt: 'not a date' }, now)).toEqual({
      allowed: true,
    });
  });
});

describe('Function: isStillAnswerable', () => {
  it('uses 7 days for comments and 24 hours for DMs', () => {
    expect(isStillAnswerable('comment', ago(6 * DAY), now)).toBe(true);
    expect(isStillAnswerable('comment', ago(8 * DAY), now)).toBe(false);
    expect(isStillAnswerable('dm', ago(23 * HOUR), now)).toBe(true);
    expect(isStillAnswerable('dm', ago(25 * HOUR), now)).toBe(false);
    expect(isStillAnswerable('dm', 'garbage', now)).toBe(false);
  });
});
