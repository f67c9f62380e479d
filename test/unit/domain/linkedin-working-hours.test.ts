import { describe, expect, it } from 'vitest';
import {
  localDay,
  nextDayOpening,
  parseWorkingHours,
  workingWindow,
  zonedHourToInstant,
} from '../../../shared/domain/linkedin/working-hours';

const hours = { startHour: 8, endHour: 20 };

describe('Function: workingWindow', () => {
  it('is open inside the local hours of the workspace time zone', () => {
    // 10:00 UTC is 11:00 in Paris (winter) and 05:00 in New York.
    const at = new Date('2026-11-25T10:00:00Z');
    expect(workingWindow(at, 'Europe/Paris', hours)).toEqual({ open: true });
    expect(workingWindow(at, 'America/New_York', hours)).toEqual({
      open: false,
      opensAt: new Date('2026-11-25T13:00:00Z'),
    });
  });

  it('opens the next day after the end hour (end exclusive)', () => {
    expect(workingWindow(new Date('2026-11-25T19:00:00Z'), 'Europe/Paris', hours)).toEqual({
      open: false,
      opensAt: new Date('2026-11-26T07:00:00Z'),
    });
  });

  it('follows daylight saving time', () => {
    expect(zonedHourToInstant({ year: 2026, month: 7, day: 1, hour: 8 }, 'Europe/Paris')).toEqual(
      new Date('2026-07-01T06:00:00Z'),
    );
    expect(nextDayOpening(new Date('2026-03-28T12:00:00Z'), 'Europe/Paris', hours)).toEqual(
      new Date('2026-03-29T06:00:00Z'),
    );
  });
});

describe('Function: localDay', () => {
  it('changes at local midnight, not UTC midnight', () => {
    expect(localDay(new Date('2026-11-25T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-26');
    expect(localDay(new Date('2026-11-25T23:30:00Z'), 'America/New_York')).toBe('2026-11-25');
  });
});

describe('Function: parseWorkingHours', () => {
  it('accepts start-end and rejects an empty or inverted window', () => {
    expect(parseWorkingHours('9-18')).toEqual({ startHour: 9, endHour: 18 });
    expect(parseWorkingHours('0-24')).toEqual({ startHour: 0, endHour: 24 });
    expect(() => parseWorkingHours('18-9')).toThrow(RangeError);
    expect(() => parseWorkingHours('9-25')).toThrow(RangeError);
  });
});
