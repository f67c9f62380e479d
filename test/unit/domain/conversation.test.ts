import { describe, expect, it } from 'vitest';
import {
  autoResumeDue,
  isUnread,
  planHumanReply,
  statusAfterHumanReply,
} from '../../../shared/domain/conversations/conversation';

const now = new Date('2030-01-10T12:00:00.000Z');
const hoursBefore = (hours: number) => new Date(now.getTime() - hours * 3600_000).toISOString();

describe('Class: conversation rules', () => {
  describe('Method: planHumanReply', () => {
    it('sends a standard reply inside 24 hours, without a tag', () => {
      // Act
      const plan = planHumanReply(
        { platform: 'instagram', kind: 'dm', occurredAt: hoursBefore(23) },
        now,
        true,
      );

      // Assess
      expect(plan).toEqual({ allowed: true, action: 'reply', tag: null });
    });

    it('uses HUMAN_AGENT between 24 hours and 7 days only when the app has the feature', () => {
      // Act
      const granted = planHumanReply(
        { platform: 'facebook', kind: 'dm', occurredAt: hoursBefore(48) },
        now,
        true,
      );
      const notGranted = planHumanReply(
        { platform: 'facebook', kind: 'dm', occurredAt: hoursBefore(48) },
        now,
        false,
      );

      // Assess
      expect(granted).toEqual({ allowed: true, action: 'reply', tag: 'HUMAN_AGENT' });
      expect(notGranted).toMatchObject({ allowed: false, closedAt: hoursBefore(24) });
      if (!notGranted.allowed) expect(notGranted.reason).toMatch(/must write again/);
    });

    it('refuses past 7 days even with the feature, naming when the window closed', () => {
      // Act
      const plan = planHumanReply(
        { platform: 'instagram', kind: 'dm', occurredAt: hoursBefore(8 * 24) },
        now,
        true,
      );

      // Assess
      expect(plan).toMatchObject({ allowed: false, closedAt: hoursBefore(24) });
    });

    it('answers comments publicly and other platforms without a window', () => {
      // Act / Assess
      const old = hoursBefore(30 * 24);
      expect(
        planHumanReply({ platform: 'instagram', kind: 'comment', occurredAt: old }, now, false).allowed,
      ).toBe(true);
      expect(planHumanReply({ platform: 'linkedin', kind: 'dm', occurredAt: old }, now, false).allowed).toBe(
        true,
      );
      expect(
        planHumanReply({ platform: 'tiktok', kind: 'comment', occurredAt: old }, now, false).allowed,
      ).toBe(true);
    });
  });

  describe('Method: isUnread', () => {
    it('is unread when the person wrote after the reader last opened it', () => {
      // Act / Assess
      expect(isUnread(hoursBefore(1), null)).toBe(true);
      expect(isUnread(hoursBefore(1), hoursBefore(2))).toBe(true);
      expect(isUnread(hoursBefore(2), hoursBefore(1))).toBe(false);
      expect(isUnread(null, null)).toBe(false);
    });
  });

  describe('Method: statusAfterHumanReply', () => {
    it('waits for the person after a reply, and leaves a closed conversation closed', () => {
      // Act / Assess
      expect(statusAfterHumanReply('open')).toBe('waiting');
      expect(statusAfterHumanReply('closed')).toBe('closed');
    });
  });

  describe('Method: autoResumeDue', () => {
    it('resumes human-caused pauses after the set hours of human silence, never a manual pause or opt-out', () => {
      // Act / Assess
      expect(autoResumeDue('human_reply', hoursBefore(5), 4, now)).toBe(true);
      expect(autoResumeDue('page_reply', hoursBefore(3), 4, now)).toBe(false);
      expect(autoResumeDue('handover', hoursBefore(5), 4, now)).toBe(true);
      expect(autoResumeDue('manual', hoursBefore(50), 4, now)).toBe(false);
      expect(autoResumeDue('opt_out', hoursBefore(50), 4, now)).toBe(false);
      expect(autoResumeDue('human_reply', hoursBefore(50), null, now)).toBe(false);
    });
  });
});
