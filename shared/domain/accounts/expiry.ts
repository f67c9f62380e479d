/** The user is warned this long before a token or cookie we cannot refresh stops working. */
export const EXPIRY_WARNING_DAYS = 7;

/** True when `expiresAt` falls within the warning horizon (and is not already past: that is needs_reconnect). */
export function expiryWarningDue(expiresAt: string | null, now: Date, days = EXPIRY_WARNING_DAYS): boolean {
  if (!expiresAt) return false;
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return false;
  return expiry > now.getTime() && expiry - now.getTime() <= days * 24 * 3600 * 1000;
}

/** The first of several expiry dates (ISO 8601); null ones never expire, so all null is null. */
export function earliestExpiry(...dates: Array<string | null>): string | null {
  const known = dates.filter((date): date is string => date !== null && !Number.isNaN(Date.parse(date)));
  if (known.length === 0) return null;
  return known.reduce((first, date) => (Date.parse(date) < Date.parse(first) ? date : first));
}

export function daysLeft(expiresAt: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now.getTime()) / (24 * 3600 * 1000)));
}
