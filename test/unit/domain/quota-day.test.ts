import { describe, expect, it } from 'vitest';
import { nextQuotaReset, quotaDay } from '../../../shared/domain/plans/quota-day';

const at = (iso: string) => new Date(iso);
const PARIS = 'Europe/Paris';

describe('Module: quota-day', () => {
  describe('Function: quotaDay', () => {
    it('counts the day in Paris time, not UTC (winter, UTC+1)', () => {
      expect(quotaDay(at('2025-01-15T22:59:59Z'), PARIS)).toBe('2025-01-15');
      expect(quotaDay(at('2025-01-15T23:00:00Z'), PARIS)).toBe('2025-01-16');
    });

    it('counts the day in Paris time in summer (UTC+2)', () => {
      expect(quotaDay(at('2025-07-01T21:59:59Z'), PARIS)).toBe('2025-07-01');
      expect(quotaDay(at('2025-07-01T22:00:00Z'), PARIS)).toBe('2025-07-02');
    });

    it('uses the workspace zone for other zones', () => {
      const instant = at('2025-01-15T20:00:00Z');
      expect(quotaDay(instant, 'UTC')).toBe('2025-01-15');
      expect(quotaDay(instant, 'Asia/Tokyo')).toBe('2025-01-16');
      expect(quotaDay(instant, 'America/Los_Angeles')).toBe('2025-01-15');
      expect(quotaDay(at('2025-01-15T18:29:59Z'), 'Asia/Kolkata')).toBe('2025-01-15');
      expect(quotaDay(at('2025-01-15T18:30:00Z'), 'Asia/Kolkata')).toBe('2025-01-16');
    });
  });

  describe('Function: nextQuotaReset', () => {
    it('is the next Paris midnight', () => {
      expect(nextQuotaReset(at('2025-01-15T12:00:00Z'), PARIS).toISOString()).toBe(
        '2025-01-15T23:00:00.000Z',
      );
      expect(nextQuotaReset(at('2025-07-01T12:00:00Z'), PARIS).toISOString()).toBe(
        '2025-07-01T22:00:00.000Z',
      );
    });

    it('is the same midnight whatever the seconds of now (a search on minutes once never ended)', () => {
      // 10:00:30.5 UTC left the old binary search with a 90-second gap it could not close: /billing/usage hung.
      for (let ms = 0; ms < 60_000; ms += 500) {
        const now = new Date(Date.parse('2026-11-25T10:00:00Z') + ms);
        expect(nextQuotaReset(now, PARIS).toISOString(), now.toISOString()).toBe('2026-11-25T23:00:00.000Z');
        expect(nextQuotaReset(now, 'Asia/Kolkata').toISOString()).toBe('2026-11-25T18:30:00.000Z');
      }
    });

    it('at midnight exactly, is the following midnight (the new day has just started)', () => {
      const midnight = at('2025-01-15T23:00:00Z');
      expect(quotaDay(midnight, PARIS)).toBe('2025-01-16');
      expect(nextQuotaReset(midnight, PARIS).toISOString()).toBe('2025-01-16T23:00:00.000Z');
    });

    it('handles the 23-hour day when Paris springs forward (2025-03-30)', () => {
      const startOfDay = at('2025-03-29T23:00:00Z');
      expect(quotaDay(startOfDay, PARIS)).toBe('2025-03-30');
      const reset = nextQuotaReset(at('2025-03-29T23:30:00Z'), PARIS);
      expect(reset.toISOString()).toBe('2025-03-30T22:00:00.000Z');
      expect((reset.getTime() - startOfDay.getTime()) / 3600_000).toBe(23);
    });

    it('handles the 25-hour day when Paris falls back (2025-10-26)', () => {
      const startOfDay = at('2025-10-25T22:00:00Z');
      expect(quotaDay(startOfDay, PARIS)).toBe('2025-10-26');
      const reset = nextQuotaReset(at('2025-10-26T01:30:00Z'), PARIS);
      expect(reset.toISOString()).toBe('2025-10-26T23:00:00.000Z');
      expect((reset.getTime() - startOfDay.getTime()) / 3600_000).toBe(25);
    });

    it('handles zones with half- and quarter-hour offsets', () => {
      expect(nextQuotaReset(at('2025-01-15T12:00:00Z'), 'Asia/Kolkata').toISOString()).toBe(
        '2025-01-15T18:30:00.000Z',
      );
      expect(nextQuotaReset(at('2025-01-15T12:00:00Z'), 'Asia/Kathmandu').toISOString()).toBe(
        '2025-01-15T18:15:00.000Z',
      );
    });

    it('handles US zones across their own DST change (New York, 2025-03-09)', () => {
      expect(nextQuotaReset(at('2025-03-08T12:00:00Z'), 'America/New_York').toISOString()).toBe(
        '2025-03-09T05:00:00.000Z',
      );
      expect(nextQuotaReset(at('2025-03-09T12:00:00Z'), 'America/New_York').toISOString()).toBe(
        '2025-03-10T04:00:00.000Z',
      );
    });

    it('starts the day at 01:00 where midnight does not exist (Havana springs forward at midnight)', () => {
      // 2025-03-09 00:00 in Havana is skipped: the clock jumps from 23:59:59 CST to 01:00 CDT (05:00 UTC).
      expect(nextQuotaReset(at('2025-03-08T17:00:00Z'), 'America/Havana').toISOString()).toBe(
        '2025-03-09T05:00:00.000Z',
      );
    });

    it('is always in the future and on the next day', () => {
      for (const zone of [PARIS, 'UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Lord_Howe']) {
        const now = at('2025-10-05T15:17:00Z');
        const reset = nextQuotaReset(now, zone);
        expect(reset.getTime()).toBeGreaterThan(now.getTime());
        expect(quotaDay(reset, zone)).not.toBe(quotaDay(now, zone));
        expect(quotaDay(new Date(reset.getTime() - 1), zone)).toBe(quotaDay(now, zone));
      }
    });
  });
});
