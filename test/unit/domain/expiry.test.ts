import { describe, expect, it } from 'vitest';
import { daysLeft, earliestExpiry, expiryWarningDue } from '../../../shared/domain/accounts/expiry';

const now = new Date('2026-11-25T12:00:00Z');

describe('Function: expiryWarningDue', () => {
  it('warns within 7 days before expiry, not earlier, not after, not without an expiry', () => {
    expect(expiryWarningDue('2026-12-01T12:00:00Z', now)).toBe(true);
    expect(expiryWarningDue('2026-12-02T12:00:00Z', now)).toBe(true);
    expect(expiryWarningDue('2026-12-02T12:00:01Z', now)).toBe(false);
    expect(expiryWarningDue('2026-11-25T11:59:59Z', now)).toBe(false);
    expect(expiryWarningDue(null, now)).toBe(false);
    expect(expiryWarningDue('not a date', now)).toBe(false);
  });

  it('counts whole days left, rounding up', () => {
    expect(daysLeft('2026-11-26T12:00:00Z', now)).toBe(1);
    expect(daysLeft('2026-11-26T13:00:00Z', now)).toBe(2);
  });
});

describe('Function: earliestExpiry', () => {
  it('keeps the first real expiry; a null one never expires', () => {
    // Prepare
    const token = '2027-03-01T00:00:00.000Z';
    const dataAccess = '2027-02-01T00:00:00.000Z';
    // Act / Assess
    expect(earliestExpiry(token, dataAccess)).toBe(dataAccess);
    expect(earliestExpiry(null, dataAccess)).toBe(dataAccess);
    expect(earliestExpiry(token, null)).toBe(token);
    expect(earliestExpiry(null, null)).toBeNull();
  });
});
