/** The user is warned this long before a token or cookie we cannot refresh stops working. */
export const EXPIRY_WARNING_DAYS = 7;

/** True when `expiresAt` falls within the warning horizon (and is not already past: that is needs_reconnect). */
export function expiryWarningDue(expiresAt: string | null, now: Date, days = EXPIRY_WARNING_DAYS): boolean {
  if (!expiresAt) return false;
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return false;
  return expiry > now.getTime() && expiry - now.getTime() <= days * 24 * 3600 * 1000;
}

export function daysLeft(expiresAt: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now.getTime()) / (24 * 3600 * 1000)));
}
