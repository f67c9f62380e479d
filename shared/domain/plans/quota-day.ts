/**
 * The DM quota resets at midnight in the workspace's time zone (default Europe/Paris), not UTC: a Paris shop's
 * "10 DMs today" must not reset at 1 am. Pure functions over Intl, so DST transitions are handled by the runtime.
 */
export function quotaDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant the next quota day starts (the next local midnight), as a Date. */
export function nextQuotaReset(now: Date, timeZone: string): Date {
  const today = quotaDay(now, timeZone);
  // Search forward hour by hour, then minute by minute: robust to DST days of 23 or 25 hours.
  let probe = new Date(now.getTime());
  while (quotaDay(probe, timeZone) === today) probe = new Date(probe.getTime() + 3600_000);
  let low = new Date(probe.getTime() - 3600_000);
  while (probe.getTime() - low.getTime() > 60_000) {
    const mid = new Date(Math.floor((low.getTime() + probe.getTime()) / 2 / 60_000) * 60_000);
    if (quotaDay(mid, timeZone) === today) low = mid;
    else probe = mid;
  }
  return new Date(Math.floor(probe.getTime() / 60_000) * 60_000);
}
