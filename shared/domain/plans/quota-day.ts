import { localParts } from '../workspaces/timezone';

/**
 * The DM quota resets at midnight in the workspace's time zone (DEFAULT_TIMEZONE when it chose none), not UTC: a Paris shop's
 * "10 DMs today" must not reset at 1 am. Pure functions over Intl, so DST transitions are handled by the runtime.
 */
export function quotaDay(now: Date, timeZone: string): string {
  const { year, month, day } = localParts(now, timeZone);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The instant the next quota day starts (the next local midnight), as a Date. */
export function nextQuotaReset(now: Date, timeZone: string): Date {
  const today = quotaDay(now, timeZone);
  // Hour by hour to the first instant of another day (a local day lasts 23 to 25 hours), then minute by minute
  // through the hour before it: midnight falls on a whole minute in every current time zone. Both loops are
  // bounded, so no input can spin a Lambda until its timeout.
  let probe = now.getTime();
  for (let hours = 0; quotaDay(new Date(probe), timeZone) === today; hours++) {
    if (hours > 26)
      throw new RangeError(`no day change within 26 hours of ${now.toISOString()} in ${timeZone}`);
    probe += 3600_000;
  }
  let minute = Math.ceil((probe - 3600_000) / 60_000) * 60_000;
  for (let minutes = 0; quotaDay(new Date(minute), timeZone) === today; minutes++) {
    if (minutes > 60)
      throw new RangeError(`no whole-minute midnight found for ${now.toISOString()} in ${timeZone}`);
    minute += 60_000;
  }
  return new Date(minute);
}
