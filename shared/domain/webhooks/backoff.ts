/**
 * Retries of a failed delivery: exponential backoff from one minute, doubling up to six hours between attempts,
 * for 24 hours after the delivery was created (or replayed). About 12 attempts in all:
 *
 *   attempt  1    2    3    4    5     6     7     8     9     10    11 …
 *   after    0    1m   2m   4m   8m    16m   32m   64m   128m  256m  360m (then every 6 h until 24 h)
 */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;
const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 3600 * 1000;

/** When to try again after `failedAttempts` failures, or null when the 24-hour window is over. */
export function nextAttemptAfter(failedAttempts: number, now: Date, retryUntil: Date): Date | null {
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
  const next = new Date(now.getTime() + delay);
  return next.getTime() > retryUntil.getTime() ? null : next;
}

/** An attempt answered 2xx is a success; anything else (3xx included: redirects are not followed) is retried. */
export const isSuccessStatus = (status: number) => status >= 200 && status < 300;
