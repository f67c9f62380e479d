import { type LocalParts, localParts } from '../workspaces/timezone';
/**
 * Working hours in a workspace's time zone. LinkedIn watches for robotic activity at 3 a.m.; the browser only
 * works while a person plausibly would, and work arriving outside the window waits for the next opening.
 * Pure functions over Intl (no I/O), so the clock is always the caller's.
 */
export interface WorkingHours {
  /** Local hour the window opens (0–23). */
  startHour: number;
  /** Local hour the window closes, exclusive (1–24). */
  endHour: number;
}

/** The UTC instant at which the wall clock of `timeZone` shows the given local date and hour. */
export function zonedHourToInstant(
  local: { year: number; month: number; day: number; hour: number },
  timeZone: string,
): Date {
  const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour);
  // Guess with the offset at the wanted instant, then correct once (enough across a DST change).
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const seen = localParts(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wanted - seenAsUtc;
  }
  return new Date(guess);
}

/** The local calendar day (YYYY-MM-DD) of an instant: daily limits reset at local midnight. */
export function localDay(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function addDays(local: LocalParts, days: number): { year: number; month: number; day: number } {
  const shifted = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function parseWorkingHours(spec: string): WorkingHours {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(spec.trim());
  const startHour = Number(match?.[1]);
  const endHour = Number(match?.[2]);
  if (!match || startHour < 0 || endHour > 24 || startHour >= endHour)
    throw new RangeError(`Working hours "${spec}" must be start-end with 0 <= start < end <= 24`);
  return { startHour, endHour };
}

/** Whether the window is open now, and if not, when it next opens. */
export function workingWindow(
  now: Date,
  timeZone: string,
  hours: WorkingHours,
): { open: true } | { open: false; opensAt: Date } {
  const local = localParts(now, timeZone);
  if (local.hour >= hours.startHour && local.hour < hours.endHour) return { open: true };
  const day = local.hour < hours.startHour ? addDays(local, 0) : addDays(local, 1);
  return { open: false, opensAt: zonedHourToInstant({ ...day, hour: hours.startHour }, timeZone) };
}

/** When tomorrow's window opens (a daily limit was reached today). */
export function nextDayOpening(now: Date, timeZone: string, hours: WorkingHours): Date {
  return zonedHourToInstant({ ...addDays(localParts(now, timeZone), 1), hour: hours.startHour }, timeZone);
}
