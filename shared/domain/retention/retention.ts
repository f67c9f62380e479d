/**
 * How long Flow IA keeps what it stores, in one place. Raw interactions (the messages people wrote, and the
 * threads built from them) follow the workspace's setting; workflow traces keep a fixed 30 days. Each stored item
 * carries its expiry in the table's TTL attribute, which DynamoDB deletes in AWS (within days, not at the second),
 * and every read also leaves out what is past its time, so an expired item is never shown: in AWS before TTL
 * catches up, and on the local stage, whose dynalite never deletes anything.
 */
export const DEFAULT_INTERACTION_RETENTION_MONTHS = 12;
export const MIN_INTERACTION_RETENTION_MONTHS = 1;
export const MAX_INTERACTION_RETENTION_MONTHS = 60;
export const TRACE_RETENTION_DAYS = 30;

/** `months` calendar months from `at` (UTC), the day clamped to the month's last (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

/** The workspace's setting, or the default for a workspace that never chose one. */
export const interactionRetentionMonths = (setting: number | null | undefined): number =>
  setting ?? DEFAULT_INTERACTION_RETENTION_MONTHS;

/** The oldest instant a read may still show: interactions that occurred before it have expired. */
export const interactionCutoff = (now: Date, months: number): string => addMonths(now, -months).toISOString();

/** The TTL value (epoch seconds) of an interaction that occurred at `occurredAt`. */
export const interactionExpiresAt = (occurredAt: string, months: number): number =>
  Math.floor(addMonths(new Date(occurredAt), months).getTime() / 1000);

/** The TTL value (epoch seconds) of a trace whose latest step ran at `at`. */
export const traceExpiresAt = (at: string): number =>
  Math.floor(Date.parse(at) / 1000) + TRACE_RETENTION_DAYS * 24 * 3600;

/** Whether an item with this TTL value is past its time at `now` (no TTL: it never expires). */
export const isExpired = (ttl: unknown, now: Date): boolean =>
  typeof ttl === 'number' && ttl <= Math.floor(now.getTime() / 1000);
