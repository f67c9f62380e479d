import { describe, expect, it } from 'vitest';
import { instagramRefreshDue } from '../../../shared/domain/accounts/instagram-token';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const issued = new Date('2026-11-01T12:00:00Z');
/** A long-lived Instagram Login token as the exchange gives it: 60 days (expires_in 5183944 s). */
const token = {
  issuedAt: issued.toISOString(),
  expiresAt: new Date(issued.getTime() + 5_183_944_000).toISOString(),
};
const at = (ms: number) => new Date(issued.getTime() + ms);

describe('Function: instagramRefreshDue', () => {
  it('leaves a token alone while it is younger than 24 hours, whatever is left', () => {
    // Prepare
    const short = { issuedAt: token.issuedAt, expiresAt: at(10 * DAY).toISOString() };
    // Act / Assess
    expect(instagramRefreshDue(short, at(23 * HOUR))).toBe(false);
    expect(instagramRefreshDue(short, at(24 * HOUR))).toBe(true);
  });

  it('renews once 30 days or less are left, before the 60 days end', () => {
    expect(instagramRefreshDue(token, at(DAY))).toBe(false);
    expect(instagramRefreshDue(token, at(29 * DAY))).toBe(false);
    expect(instagramRefreshDue(token, at(31 * DAY))).toBe(true);
    expect(instagramRefreshDue(token, at(59 * DAY))).toBe(true);
  });

  it('is due for an expired token (the attempt gets Meta’s refusal), never without an expiry', () => {
    expect(instagramRefreshDue(token, at(61 * DAY))).toBe(true);
    expect(instagramRefreshDue({ issuedAt: token.issuedAt, expiresAt: null }, at(61 * DAY))).toBe(false);
    expect(instagramRefreshDue({ issuedAt: null, expiresAt: 'not a date' }, at(DAY))).toBe(false);
  });
});
