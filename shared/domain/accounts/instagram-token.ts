const HOUR_MS = 3600 * 1000;

/**
 * Instagram Login tokens: long-lived Instagram User tokens last 60 days and "can be refreshed for another 60 days
 * as long as … the existing long-lived access token is at least 24 hours old [and] valid (not expired)"; "tokens
 * that have not been refreshed in 60 days will expire and can no longer be refreshed"
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login).
 */
export const INSTAGRAM_REFRESH_MIN_AGE_MS = 24 * HOUR_MS;
/**
 * Flow IA renews a token once it has 30 days or less left: halfway through its 60 days, so a month of failed
 * runs (Meta down, a bug) still leaves time before the owner has to log in again.
 */
export const INSTAGRAM_REFRESH_WINDOW_MS = 30 * 24 * HOUR_MS;

/**
 * Whether the refresh schedule renews this token now: at least 24 hours old and within the window. An expired
 * token is due too: the attempt gets Meta's refusal, and the account moves to needs_reconnect with its reason.
 */
export function instagramRefreshDue(
  token: { issuedAt: string | null; expiresAt: string | null },
  now: Date,
): boolean {
  const expiry = token.expiresAt ? Date.parse(token.expiresAt) : Number.NaN;
  if (Number.isNaN(expiry)) return false;
  const left = expiry - now.getTime();
  if (left <= 0) return true;
  const issued = token.issuedAt ? Date.parse(token.issuedAt) : Number.NaN;
  if (!Number.isNaN(issued) && now.getTime() - issued < INSTAGRAM_REFRESH_MIN_AGE_MS) return false;
  return left <= INSTAGRAM_REFRESH_WINDOW_MS;
}
